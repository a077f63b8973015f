using VmsServices.Hosting.Security;
using VmsServices.Management.Tokens;
using VmsServices.Management.Users;

namespace VmsServices.Management.Api;

/// <summary>
/// Sign-in (seed 000 [0049]'s authentication server): a token for API clients and vmsctl, or the
/// same token as an HttpOnly, SameSite=Strict session cookie for the console. Anonymous by nature;
/// failed attempts are throttled per address.
/// </summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").WithTags("Sign-in");
        api.MapPost("/token", (SignInRequest request, HttpContext http, SignInService signIn, SignInThrottle throttle, CancellationToken ct) =>
            SignInAsync(request, http, signIn, throttle, setCookie: false, ct)).AllowAnonymous();
        api.MapPost("/session", (SignInRequest request, HttpContext http, SignInService signIn, SignInThrottle throttle, CancellationToken ct) =>
            SignInAsync(request, http, signIn, throttle, setCookie: true, ct)).AllowAnonymous();
        // Sign-out, of the console (cookie) or of an API client (bearer token): the token is revoked
        // everywhere, so a copy of it replayed later is refused.
        api.MapDelete("/session", async (HttpContext http, ITokenKeys keys, TokenRevoker revoker, TimeProvider clock, CancellationToken ct) =>
        {
            var check = await TokenCodec.ValidateAsync(TokenAuthenticationHandler.ReadToken(http.Request), keys, clock.GetUtcNow(), ct);
            if (check.Token is { } token) await revoker.RevokeTokenAsync(token, ct);
            http.Response.Cookies.Delete(TokenAuthenticationHandler.CookieName, CookieOptions(http, null));
            return Results.NoContent();
        }).AllowAnonymous();
        api.MapGet("/me", (HttpContext http) => new CallerInfo(
            http.User.Identity?.Name ?? "",
            http.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value ?? "",
            DeviceAccess.IsLimited(http.User) ? http.User.FindAll(TokenAuthenticationHandler.DevicesClaim).Select(c => c.Value).ToList() : null)).RequireView();
        return api;
    }

    private static async Task<IResult> SignInAsync(SignInRequest request, HttpContext http, SignInService signIn, SignInThrottle throttle, bool setCookie, CancellationToken ct)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "";
        if (throttle.RetryAfter(address) is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: 429, title: "Too many failed sign-ins", detail: $"Try again in {Math.Ceiling(wait.TotalSeconds)} s.");
        }
        if (await signIn.SignInAsync(request, ct) is not { } result)
        {
            throttle.Failed(address);
            return Results.Problem(statusCode: 401, title: "Sign-in refused", detail: "Unknown user name or wrong password.");
        }
        http.Items[Audit.AuditMiddleware.ActorItem] = result.UserName;
        if (setCookie) http.Response.Cookies.Append(TokenAuthenticationHandler.CookieName, result.Token, CookieOptions(http, result.ExpiresUtc));
        return Results.Ok(result);
    }

    private static CookieOptions CookieOptions(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/",
        Expires = expires,
    };
}

/// <summary>Who the caller is, by its token.</summary>
public sealed record CallerInfo(string UserName, string Role, IReadOnlyList<string>? Devices);
