using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VmsServices.Hosting.Security;

namespace VmsServices.Security.Tests;

/// <summary>
/// Issue #8's authorization matrix: every endpoint of both services (read from their endpoint
/// tables, not from a list kept by hand) × every kind of caller. Each endpoint must be in
/// <see cref="Expected"/> with the policy it must have, so adding an endpoint without deciding who
/// may call it fails here; then each caller gets what its role allows: 401 without a valid token,
/// 403 with a role too low or a device it is not limited to, anything else otherwise.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class AuthorizationMatrixTests
{
    private const string Anonymous = "anonymous";
    private const string View = VmsPolicies.View;
    private const string Operate = VmsPolicies.Operate;
    private const string Administer = VmsPolicies.Administer;

    /// <summary>(node, "METHOD pattern") → the policy that endpoint must have.</summary>
    private static readonly Dictionary<(string Node, string Endpoint), string> Expected = new()
    {
        // Both services
        [("management", "GET /health/live")] = Anonymous,
        [("management", "GET /health/ready")] = Anonymous,
        [("management", "GET /metrics")] = Anonymous,
        [("management", "GET /openapi/{documentName}.json")] = Anonymous,
        [("recording", "GET /health/live")] = Anonymous,
        [("recording", "GET /health/ready")] = Anonymous,
        [("recording", "GET /metrics")] = Anonymous,
        [("recording", "GET /openapi/{documentName}.json")] = Anonymous,
        // Management: sign-in and users
        [("management", "GET /")] = Anonymous,
        [("management", "POST /api/auth/token")] = Anonymous,
        [("management", "POST /api/auth/session")] = Anonymous,
        [("management", "DELETE /api/auth/session")] = Anonymous,
        [("management", "GET /api/auth/me")] = View,
        [("management", "GET /api/users")] = Administer,
        [("management", "GET /api/users/{name}")] = Administer,
        [("management", "PUT /api/users/{name}")] = Administer,
        [("management", "DELETE /api/users/{name}")] = Administer,
        // Management: configuration
        [("management", "GET /api/recording-servers")] = View,
        [("management", "GET /api/recording-servers/{id}")] = View,
        [("management", "POST /api/recording-servers")] = Administer,
        [("management", "DELETE /api/recording-servers/{id}")] = Administer,
        [("management", "GET /api/recording-servers/{id}/configuration-copy")] = Administer,
        [("management", "GET /api/recording-servers/status")] = View,
        [("management", "GET /api/devices")] = View,
        [("management", "GET /api/devices/{id}")] = View,
        [("management", "POST /api/devices")] = Administer,
        [("management", "DELETE /api/devices/{id}")] = Administer,
        [("management", "GET /api/devices/{id}/history")] = View,
        [("management", "POST /api/devices/{id}/move")] = Administer,
        [("management", "GET /api/moves")] = View,
        [("management", "GET /api/moves/{moveId}")] = View,
        [("management", "GET /api/configuration-table")] = Administer,
        [("management", "GET /api/credentials")] = Administer,
        [("management", "GET /api/credentials/{ref}")] = Administer,
        [("management", "PUT /api/credentials/{ref}")] = Administer,
        [("management", "DELETE /api/credentials/{ref}")] = Administer,
        [("management", "GET /api/discovery")] = Administer,
        [("management", "POST /api/discovery/probe")] = Administer,
        [("management", "POST /api/discovery/attach")] = Administer,
        [("management", "GET /api/audit")] = Administer,
        [("management", "GET /api/errors")] = Administer,
        [("management", "GET /api/errors/{queue}")] = Administer,
        [("management", "GET /api/errors/{queue}/{messageId}")] = Administer,
        [("management", "POST /api/errors/{queue}/retry")] = Administer,
        [("management", "POST /api/errors/{queue}/{messageId}/retry")] = Administer,
        [("management", "DELETE /api/errors/{queue}")] = Administer,
        [("management", "DELETE /api/errors/{queue}/{messageId}")] = Administer,
        // Management: recordings, forwarded to the current recording server
        [("management", "GET /api/devices/{deviceId}/segments")] = View,
        [("management", "GET /api/devices/{deviceId}/segments/{startUtcMicros:long}")] = View,
        [("management", "GET /api/devices/{deviceId}/playback.mp4")] = View,
        [("management", "GET /api/devices/{deviceId}/playback.m3u8")] = View,
        [("management", "GET /api/devices/{deviceId}/live.mp4")] = View,
        // Management: archive progress, merged from every server's GET /api/archive
        [("management", "GET /api/archive")] = Administer,
        // Recording server
        [("recording", "GET /")] = Anonymous,
        [("recording", "GET /api/configuration-copy")] = Administer,
        [("recording", "GET /api/devices/{deviceId}/segments")] = View,
        [("recording", "GET /api/devices/{deviceId}/segments/{startUtcMicros:long}")] = View,
        [("recording", "GET /api/devices/{deviceId}/playback.mp4")] = View,
        [("recording", "GET /api/devices/{deviceId}/playback.m3u8")] = View,
        [("recording", "GET /api/devices/{deviceId}/live.mp4")] = View,
        [("recording", "GET /api/devices/{deviceId}/history")] = View,
        [("recording", "POST /api/devices/{deviceId}/ptz/move")] = Operate,
        [("recording", "POST /api/devices/{deviceId}/ptz/stop")] = Operate,
        [("recording", "GET /api/archive")] = Administer,
        [("recording", "GET /api/archive/holdings")] = View,
        [("recording", "GET /api/recorders")] = Administer,
        [("recording", "GET /api/storage")] = Administer,
        [("recording", "GET /api/association")] = Administer,
        [("recording", "POST /api/association/resync")] = Administer,
    };

    /// <summary>Which policies each accepted caller satisfies.</summary>
    private static readonly Dictionary<string, string[]> Grants = new()
    {
        ["administrator"] = [View, Operate, Administer],
        ["operator"] = [View, Operate],
        ["viewer"] = [View],
        ["viewer of cam-2 only"] = [View],
        ["recording server"] = [View],
    };

    /// <summary>Route values that name nothing that exists, so no request of the matrix changes anything.</summary>
    private static readonly Dictionary<string, string> RouteValues = new()
    {
        ["id"] = "cam-9", ["deviceId"] = "cam-9", ["name"] = "nobody", ["ref"] = "nothing", ["queue"] = "nothing",
        ["messageId"] = "nothing", ["startUtcMicros"] = "1", ["moveId"] = "3f2504e0-4f89-11d3-9a0c-0305e82c3301", ["documentName"] = "v1",
    };

    private SecuredSystem _system = null!;

    [OneTimeSetUp]
    public async Task Start() => _system = await SecuredSystem.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _system.DisposeAsync();

    [Test]
    public void Every_endpoint_of_both_services_names_its_policy_and_the_matrix_knows_it()
    {
        var problems = new List<string>();
        var found = Endpoints().ToList();
        foreach (var e in found)
        {
            if (!Expected.TryGetValue((e.Node, e.Key), out var expected))
            {
                problems.Add($"{e.Node}: {e.Key} is not in the matrix: decide who may call it and add it to Expected");
                continue;
            }
            if (e.Policy != expected) problems.Add($"{e.Node}: {e.Key} has policy '{e.Policy ?? "(none: only the fallback)"}', the matrix says '{expected}'");
        }
        foreach (var stale in Expected.Keys.Except(found.Select(e => (e.Node, e.Key))))
            problems.Add($"{stale.Node}: {stale.Item2} is in the matrix but no longer exists");
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task Every_endpoint_answers_every_caller_as_its_role_allows()
    {
        var problems = new List<string>();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };
        // Sign-out revokes the caller's token: asked last.
        foreach (var endpoint in Endpoints().Where(e => Expected.ContainsKey((e.Node, e.Key))).OrderBy(e => e.Key == "DELETE /api/auth/session"))
        {
            var policy = Expected[(endpoint.Node, endpoint.Key)];
            foreach (var (caller, authorization) in _system.Callers)
            {
                var (status, challenge) = await SendAsync(http, endpoint, authorization);
                var expected = Expect(policy, caller, endpoint.IsDeviceScoped);
                var ok = expected switch
                {
                    Outcome.Unauthorized => status == HttpStatusCode.Unauthorized && challenge,
                    Outcome.Forbidden => status == HttpStatusCode.Forbidden,
                    _ => status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                };
                if (!ok) problems.Add($"{endpoint.Node}: {endpoint.Key} as {caller}: {(int)status}, expected {expected}");
            }
        }
        Assert.That(problems, Is.Empty);
    }

    private enum Outcome { Allowed, Unauthorized, Forbidden }

    private static Outcome Expect(string policy, string caller, bool deviceScoped)
    {
        if (policy == Anonymous) return Outcome.Allowed;
        if (SecuredSystem.Refused.Contains(caller)) return Outcome.Unauthorized;
        if (!Grants[caller].Contains(policy)) return Outcome.Forbidden;
        // The matrix's device (cam-9) is not among the limited viewer's.
        return deviceScoped && caller == "viewer of cam-2 only" ? Outcome.Forbidden : Outcome.Allowed;
    }

    private async Task<(HttpStatusCode Status, bool Challenge)> SendAsync(HttpClient http, Endpoint endpoint, string? authorization)
    {
        var baseUrl = endpoint.Node == "management" ? _system.ManagementUrl : _system.RecorderUrl;
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), baseUrl + endpoint.Path);
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (endpoint.Method is "POST" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        // Headers only: live.mp4 streams for as long as it is read.
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (response.StatusCode, response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"));
    }

    private sealed record Endpoint(string Node, string Method, string Pattern, string? Policy, bool IsDeviceScoped)
    {
        public string Key => $"{Method} {Pattern}";

        public string Path => System.Text.RegularExpressions.Regex.Replace(Pattern, @"\{(\w+)(:\w+)?\}", m => RouteValues[m.Groups[1].Value]);
    }

    private IEnumerable<Endpoint> Endpoints() =>
        Read("management", _system.ManagementServices).Concat(Read("recording", _system.RecorderServices));

    private static IEnumerable<Endpoint> Read(string node, IServiceProvider services)
    {
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            pattern = "/" + pattern.Trim('/');
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).Distinct().ToList();
            var policy = anonymous ? Anonymous : policies.Count == 1 ? policies[0] : policies.Count == 0 ? null : string.Join("+", policies);
            var deviceRoute = endpoint.Metadata.GetMetadata<DeviceRoute>()?.RouteValue ?? DeviceRoute.Default.RouteValue;
            var scoped = pattern.Contains($"{{{deviceRoute}}}", StringComparison.Ordinal);
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods) yield return new Endpoint(node, method, pattern, policy, scoped);
        }
    }
}
