using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using VmsServices.Hosting.Health;
using VmsServices.Hosting.Logging;
using VmsServices.Hosting.Metrics;
using VmsServices.Hosting.Security;

namespace VmsServices.Hosting.Http;

/// <summary>The HTTP conventions both services share: limits, problem responses, OpenAPI, health, metrics, log format, token authentication.</summary>
public static class WebHosting
{
    /// <summary>Largest request body the configuration APIs accept; bigger ones get 413.</summary>
    public const long MaxApiBodyBytes = 64 * 1024;

    /// <summary>Response bytes a connection may hold before a write waits for the client.</summary>
    public const long MaxResponseBufferBytes = 1024 * 1024;

    public static IServiceCollection AddVmsWebDefaults(this IServiceCollection services)
    {
        services.Configure<KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = MaxApiBodyBytes;
            o.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            o.Limits.MaxRequestLineSize = 8 * 1024;
            // Video goes out in pieces of up to 1 MiB (a proxied segment is read from the holder
            // while it is sent on): with the default 64 KiB every write waited for the socket to
            // drain, so reading the next piece and sending this one never overlapped.
            o.Limits.MaxResponseBufferSize = MaxResponseBufferBytes;
            o.AddServerHeader = false;
        });
        // Binding failures (malformed JSON, unknown members, oversized bodies) are thrown so that
        // ProblemMapping can answer them with their reason instead of a bare 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemMapping>();
        services.AddOpenApi();
        services.AddVmsMetrics();
        services.AddVmsAuthorization();
        services.AddVmsLogFormat();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        return services;
    }

    public static WebApplication UseVmsWebDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The API description, health and metrics carry no video and no configuration: anonymous, for
        // load balancers and scrapers. Everything else names its policy (VmsPolicies).
        app.MapOpenApi().AllowAnonymous();
        app.MapVmsHealth();
        app.MapVmsMetrics();
        return app;
    }
}
