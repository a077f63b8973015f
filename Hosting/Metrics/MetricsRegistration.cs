using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VmsServices.Hosting.Bus;

namespace VmsServices.Hosting.Metrics;

/// <summary>
/// Metrics of a node: its instruments (System.Diagnostics.Metrics, meters VmsServices.*) are read
/// by a <see cref="MetricsCollector"/> and served at GET /metrics in the Prometheus text format.
/// </summary>
public static class MetricsRegistration
{
    public const string Path = "/metrics";

    public static IServiceCollection AddVmsMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<MetricsCollector>();
        services.TryAddSingleton<BusMetrics>();
        services.TryAddSingleton<RuntimeMetrics>();
        return services;
    }

    public static IEndpointRouteBuilder MapVmsMetrics(this IEndpointRouteBuilder app)
    {
        // RuntimeMetrics has no caller of its own: asking for it creates its instruments before the first collection.
        app.MapGet(Path, (MetricsCollector collector, RuntimeMetrics _) => Results.Text(PrometheusText.Write(collector.Collect()), PrometheusText.ContentType))
            .ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
