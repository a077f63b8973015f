using VmsServices.Hosting.Security;
using VmsServices.Recording.Configuration;

namespace VmsServices.Recording.Api;

public static class ConfigurationCopyApi
{
    /// <summary>This server's copy of the configuration table, as it records and serves by it.</summary>
    public static RouteGroupBuilder MapConfigurationCopyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/configuration-copy").WithTags("Configuration copy").RequireAdminister();
        api.MapGet("/", (ConfigurationSynchronizer synchronizer) => synchronizer.Current);
        return api;
    }
}
