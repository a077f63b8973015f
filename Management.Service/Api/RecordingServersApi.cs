using VmsServices.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;

namespace VmsServices.Management.Api;

public static class RecordingServersApi
{
    public static RouteGroupBuilder MapRecordingServersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/recording-servers").WithTags("Recording servers");
        var view = api.MapGroup("").RequireView();
        var admin = api.MapGroup("").RequireAdminister();
        view.MapGet("/", (ConfigurationStore store, CancellationToken ct) => store.ListServersAsync(ct));
        view.MapGet("/{id}", (string id, ConfigurationStore store, CancellationToken ct) =>
            store.GetServerAsync(RequestValidation.RouteId(id, "recording server"), ct));
        admin.MapPost("/", async Task<Created<RecordingServerRecord>> (AddRecordingServerRequest request, ConfigurationStore store, ConfigurationPublisher publisher, CancellationToken ct) =>
        {
            var server = request.Validate();
            await publisher.PublishAsync(await store.AddServerAsync(server, ct));
            return TypedResults.Created($"/api/recording-servers/{server.Id}", server);
        });
        admin.MapDelete("/{id}", async Task<NoContent> (string id, ConfigurationStore store, ConfigurationPublisher publisher, CancellationToken ct) =>
        {
            await publisher.PublishAsync(await store.RemoveServerAsync(RequestValidation.RouteId(id, "recording server"), ct));
            return TypedResults.NoContent();
        });
        admin.MapGet("/{id}/configuration-copy", (string id, ConfigurationStore store, CancellationToken ct) =>
            store.ReadCopyAsync(RequestValidation.RouteId(id, "recording server"), ct));
        return api;
    }
}
