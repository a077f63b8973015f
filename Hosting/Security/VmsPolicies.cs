using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace VmsServices.Hosting.Security;

/// <summary>
/// The three things an endpoint can ask of its caller (issue #8), shared by both services so that a
/// role means the same on each. Every endpoint names one of them or <c>AllowAnonymous</c>; the
/// fallback policy refuses the anonymous caller of any endpoint that forgot to, and the
/// authorization matrix test fails on it.
/// </summary>
public static class VmsPolicies
{
    /// <summary>Watch live and recorded video, read configuration: every user and the recording servers.</summary>
    public const string View = "vms:view";

    /// <summary>Steer PTZ, export: operators and administrators.</summary>
    public const string Operate = "vms:operate";

    /// <summary>Configure servers, devices, users, credentials; move devices: administrators.</summary>
    public const string Administer = "vms:administer";

    public static readonly IReadOnlyList<string> All = [View, Operate, Administer];

    public static IServiceCollection AddVmsAuthorization(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenRevocations>();
        services.TryAddSingleton<VerifiedTokens>(_ => new VerifiedTokens());
        services.AddAuthentication(TokenAuthenticationHandler.Scheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.Scheme, null);
        services.AddSingleton<IAuthorizationHandler, DeviceScopeHandler>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(View, p => p.RequireRole(VmsRoles.Name(VmsRole.Viewer), VmsRoles.Name(VmsRole.Operator), VmsRoles.Name(VmsRole.Administrator), VmsRoles.RecordingServer)
                .AddRequirements(DeviceScopeRequirement.Instance))
            .AddPolicy(Operate, p => p.RequireRole(VmsRoles.Name(VmsRole.Operator), VmsRoles.Name(VmsRole.Administrator))
                .AddRequirements(DeviceScopeRequirement.Instance))
            .AddPolicy(Administer, p => p.RequireRole(VmsRoles.Name(VmsRole.Administrator))
                .AddRequirements(DeviceScopeRequirement.Instance));
        return services;
    }

    public static WebApplication UseVmsAuthorization(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static TBuilder RequireView<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(View);

    public static TBuilder RequireOperate<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Operate);

    public static TBuilder RequireAdminister<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Administer);

    /// <summary>Names the route value that holds the device id, when it is not <c>deviceId</c>.</summary>
    public static TBuilder WithDeviceRoute<TBuilder>(this TBuilder builder, string routeValue) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DeviceRoute(routeValue));
}

/// <summary>Endpoint metadata: which route value is the device a device-limited user must be allowed.</summary>
public sealed record DeviceRoute(string RouteValue)
{
    public static readonly DeviceRoute Default = new("deviceId");
}

/// <summary>A user limited to some devices (token claim <see cref="TokenAuthenticationHandler.DevicesClaim"/>) reaches only those.</summary>
public sealed class DeviceScopeRequirement : IAuthorizationRequirement
{
    public static readonly DeviceScopeRequirement Instance = new();
}

public sealed class DeviceScopeHandler : AuthorizationHandler<DeviceScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, DeviceScopeRequirement requirement)
    {
        if (DeviceAccess.Allows(context.User, DeviceOf(context.Resource))) context.Succeed(requirement);
        return Task.CompletedTask;
    }

    private static string? DeviceOf(object? resource)
    {
        if (resource is not HttpContext http) return null;
        var route = http.GetEndpoint()?.Metadata.GetMetadata<DeviceRoute>() ?? DeviceRoute.Default;
        return http.GetRouteValue(route.RouteValue) as string;
    }
}

/// <summary>Which devices a caller may see: all, unless the token lists some.</summary>
public static class DeviceAccess
{
    public static bool Allows(System.Security.Claims.ClaimsPrincipal user, string? deviceId)
    {
        if (deviceId is null || !IsLimited(user)) return true;
        return user.HasClaim(c => c.Type == TokenAuthenticationHandler.DevicesClaim && string.Equals(c.Value, deviceId, StringComparison.Ordinal));
    }

    public static bool IsLimited(System.Security.Claims.ClaimsPrincipal user) => user.HasClaim(c => c.Type == TokenAuthenticationHandler.LimitedClaim);
}
