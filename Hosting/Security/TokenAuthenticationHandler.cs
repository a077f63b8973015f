using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VmsServices.Hosting.Security;

/// <summary>
/// Authenticates a request by the management server's token, from <c>Authorization: Bearer</c>
/// (API clients, vmsctl, peers) or from the console's HttpOnly session cookie (so that a
/// <c>&lt;video src&gt;</c> is authenticated too). A missing or refused token leaves the request
/// anonymous; the endpoint's policy then answers 401 with the reason in <c>WWW-Authenticate</c>.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ITokenKeys keys,
    TokenRevocations revocations,
    VerifiedTokens verified,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Scheme = "Bearer";

    /// <summary>The console's session cookie: HttpOnly, SameSite=Strict, holds the same token.</summary>
    public const string CookieName = "vms_session";

    public const string DevicesClaim = "vms:device";

    /// <summary>Present when the token lists devices (even none): the caller reaches only those.</summary>
    public const string LimitedClaim = "vms:device-limited";

    private const string FailureItem = "vms:token-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var text = ReadToken(Request);
        if (text is null) return AuthenticateResult.NoResult();
        var check = await verified.ValidateAsync(text, keys, clock.GetUtcNow(), Context.RequestAborted);
        if (check.Token is { } valid && revocations.IsRevoked(valid)) check = TokenCheck.Refused("revoked");
        if (check.Token is not { } token)
        {
            Context.Items[FailureItem] = check.Failure;
            Logger.LogInformation("Refused a token from {Remote}: {Reason}", Context.Connection.RemoteIpAddress, check.Failure);
            return AuthenticateResult.Fail(check.Failure!);
        }
        return AuthenticateResult.Success(new AuthenticationTicket(Principal(token), Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Context.Items[FailureItem] as string;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = reason is null
            ? "Bearer realm=\"vms\""
            : $"Bearer realm=\"vms\", error=\"invalid_token\", error_description=\"{reason}\"";
        return Results.Problem(statusCode: 401, title: "Authentication required",
            detail: reason is null ? "Sign in and send the token as 'Authorization: Bearer <token>'." : $"The token was refused: {reason}.")
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Results.Problem(statusCode: 403, title: "Not allowed",
            detail: $"'{Context.User.Identity?.Name}' ({Context.User.FindFirstValue(ClaimTypes.Role)}) may not do this.")
            .ExecuteAsync(Context);
    }

    /// <summary>The bearer token of a request, else its session cookie; null when it has neither.</summary>
    public static string? ReadToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        return request.Cookies.TryGetValue(CookieName, out var cookie) && cookie.Length > 0 ? cookie : null;
    }

    public static ClaimsPrincipal Principal(AccessToken token)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, token.Subject),
            new(ClaimTypes.Role, token.Role),
            new("jti", token.Id),
        };
        if (token.Devices is { } devices)
        {
            claims.Add(new Claim(LimitedClaim, "true"));
            claims.AddRange(devices.Select(d => new Claim(DevicesClaim, d)));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
