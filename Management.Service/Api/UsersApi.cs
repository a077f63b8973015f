using VmsServices.Hosting.Security;
using VmsServices.Management.Tokens;
using VmsServices.Management.Users;

namespace VmsServices.Management.Api;

/// <summary>The local users (administrators only). Passwords go in and never come out; a change or deletion ends the user's tokens.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users").WithTags("Users").RequireAdminister();
        api.MapGet("/", (UserStore users, CancellationToken ct) => users.ListAsync(ct));
        api.MapGet("/{name}", (string name, UserStore users, CancellationToken ct) => users.GetAsync(UserNames.Validate(name), ct));
        api.MapPut("/{name}", async (string name, PutUserRequest request, UserStore users, TokenRevoker revoker, CancellationToken ct) =>
        {
            request.Validate();
            var created = await users.PutAsync(UserNames.Validate(name), request, ct);
            // A changed password, role or device list applies now, not when the user's tokens expire.
            if (!created) await revoker.RevokeUserAsync(name, ct);
            var user = await users.GetAsync(name, ct);
            return created ? Results.Created($"/api/users/{name}", user) : Results.Ok(user);
        });
        api.MapDelete("/{name}", async (string name, UserStore users, TokenRevoker revoker, CancellationToken ct) =>
        {
            await users.DeleteAsync(UserNames.Validate(name), ct);
            await revoker.RevokeUserAsync(name, ct);
            return Results.NoContent();
        });
        return api;
    }
}
