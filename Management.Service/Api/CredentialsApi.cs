using VmsServices.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using VmsServices.Management.Credentials;

namespace VmsServices.Management.Api;

/// <summary>
/// Camera accounts named by devices' <c>credentialsRef</c>. The password goes in (PUT) and never comes
/// out: reads show the reference, the user name and when it last changed.
/// </summary>
public static class CredentialsApi
{
    public static RouteGroupBuilder MapCredentialsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/credentials").WithTags("Camera credentials").RequireAdminister();
        api.MapGet("/", (CameraCredentialsStore store, CancellationToken ct) => store.ListAsync(ct));
        api.MapGet("/{ref}", (string @ref, CameraCredentialsStore store, CancellationToken ct) =>
            store.GetAsync(RequestValidation.RouteId(@ref, "credentials"), ct));
        api.MapPut("/{ref}", async Task<NoContent> (string @ref, PutCredentialsRequest request, CameraCredentialsStore store, CancellationToken ct) =>
        {
            var id = RequestValidation.RouteId(@ref, "credentials");
            var account = request.Validate();
            await store.PutAsync(id, account.UserName, account.Password, ct);
            return TypedResults.NoContent();
        });
        api.MapDelete("/{ref}", async Task<NoContent> (string @ref, CameraCredentialsStore store, CancellationToken ct) =>
        {
            await store.DeleteAsync(RequestValidation.RouteId(@ref, "credentials"), ct);
            return TypedResults.NoContent();
        });
        return api;
    }
}
