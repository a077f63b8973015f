using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VmsServices.Hosting.Health;

/// <summary>/health/live and /health/ready with a JSON body: overall status and each check's.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapVmsHealth(this IEndpointRouteBuilder app)
    {
        // Liveness must not depend on the broker or the database: a restart would not fix them.
        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(HealthChecks.Live),
            ResponseWriter = WriteJsonAsync,
        }).AllowAnonymous();
        // MassTransit registers its own bus check (tag "masstransit"); "bus" asks the same thing.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = r => !r.Tags.Contains("masstransit"),
            ResponseWriter = WriteJsonAsync,
        }).AllowAnonymous();
        return app;
    }

    /// <summary>{"status":"Unhealthy","durationMs":..,"checks":{"bus":{"status":..,"description":..,"durationMs":..,"error":..,"data":{..}}}}</summary>
    public static async Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            if (entry.Description is not null) json.WriteString("description", entry.Description);
            json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            if (entry.Exception is not null) json.WriteString("error", entry.Exception.Message);
            if (entry.Data.Count > 0)
            {
                json.WriteStartObject("data");
                foreach (var (key, value) in entry.Data)
                {
                    switch (value)
                    {
                        case int or long or double or decimal: json.WriteNumber(key, Convert.ToDecimal(value)); break;
                        case bool b: json.WriteBoolean(key, b); break;
                        default: json.WriteString(key, value?.ToString()); break;
                    }
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
