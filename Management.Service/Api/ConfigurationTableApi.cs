using VmsServices.Hosting.Security;
using VmsServices.Management.ConfigurationTable;

namespace VmsServices.Management.Api;

public static class ConfigurationTableApi
{
    /// <summary>The master configuration table (seed 000 FIG. 6A/6B), whole or only the rows naming one recording server.</summary>
    public static RouteGroupBuilder MapConfigurationTableApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/configuration-table").WithTags("Configuration table").RequireAdminister();
        api.MapGet("/", async (string? recordingServerId, ConfigurationStore store, CancellationToken ct) =>
        {
            if (recordingServerId is not null) RequestValidation.RouteId(recordingServerId, "recording server");
            var (version, entries) = await store.ReadTableAsync(recordingServerId, ct);
            return new ConfigurationTableResponse(version, entries);
        });
        return api;
    }
}
