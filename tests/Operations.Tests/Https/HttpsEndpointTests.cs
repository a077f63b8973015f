using System.Net;
using System.Net.Http.Json;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VmsServices.Hosting.Http;
using VmsServices.TestSupport;

namespace VmsServices.Operations.Tests.Https;

/// <summary>
/// Both services serve HTTPS with a certificate from their settings (Kestrel's own configuration,
/// nothing of ours in the way): the management server with an HTTPS endpoint and a PFX, a
/// recording server with "Urls" and a default PEM certificate + key. Only a client that trusts the
/// certificate gets an answer; plain HTTP on the port gets none. The clients the services use
/// for each other accept it through Http:TrustedCertificatePath. Signing in works over HTTPS too,
/// and there the console's session cookie is Secure.
/// </summary>
[NonParallelizable]
public class HttpsEndpointTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private string _scratch = null!;
    private SelfSignedCertificate _certificate = null!;
    private ServiceProcess? _management;
    private ServiceProcess? _recording;
    private string _managementUrl = null!;
    private string _recordingUrl = null!;

    [OneTimeSetUp]
    public async Task StartServers()
    {
        _scratch = RepoPaths.NewScratchDirectory("ops-https");
        _certificate = SelfSignedCertificate.Create(_scratch, "vms-test");
        _managementUrl = $"https://127.0.0.1:{Ports.Free()}";
        _management = ServiceProcess.Start("management", RepoPaths.ServiceDll("Management.Service", "VmsServices.Management"), _scratch,
        [
            "--Bus:Transport=InMemory",
            $"--Kestrel:Endpoints:Https:Url={_managementUrl}",
            $"--Kestrel:Endpoints:Https:Certificate:Path={_certificate.PfxPath}",
            $"--Kestrel:Endpoints:Https:Certificate:Password={_certificate.Password}",
            $"--Http:TrustedCertificatePath={_certificate.PemPath}",
            TestAuth.BootstrapArgument,
        ]);
        _recordingUrl = $"https://127.0.0.1:{Ports.Free()}";
        _recording = ServiceProcess.Start("recording", RepoPaths.ServiceDll("Recording.Service", "VmsServices.Recording"), _scratch,
        [
            "--Bus:Transport=InMemory",
            $"--Urls={_recordingUrl}",
            $"--Recording:PublicAddress={_recordingUrl}",
            $"--Kestrel:Certificates:Default:Path={_certificate.PemPath}",
            $"--Kestrel:Certificates:Default:KeyPath={_certificate.KeyPath}",
            $"--Http:TrustedCertificatePath={_certificate.PemPath}",
        ]);
        await WaitReadyAsync(_management, _managementUrl);
        await WaitReadyAsync(_recording, _recordingUrl);
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            foreach (var p in new[] { _management, _recording })
                if (p is not null) TestContext.Out.WriteLine($"--- {p.Name}\n{p.Output}");
        if (_management is not null) await _management.DisposeAsync();
        if (_recording is not null) await _recording.DisposeAsync();
        try { Directory.Delete(_scratch, true); } catch (IOException) { }
    }

    private static IEnumerable<string> Servers() => ["management", "recording"];

    [TestCaseSource(nameof(Servers))]
    public async Task Health_answers_over_https_with_the_configured_certificate(string server)
    {
        X509Certificate2? presented = null;
        using var http = TrustingClient(c => presented = c);

        using var response = await http.GetAsync(UrlOf(server) + "/health/ready");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(presented?.Thumbprint, Is.EqualTo(_certificate.Certificate.Thumbprint));
    }

    [TestCaseSource(nameof(Servers))]
    public void Plain_http_on_the_https_port_gets_no_answer(string server)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var plain = UrlOf(server).Replace("https://", "http://");

        Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(plain + "/health/ready"));
    }

    [TestCaseSource(nameof(Servers))]
    public void A_client_that_does_not_trust_the_certificate_is_refused(string server)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var e = Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(UrlOf(server) + "/health/ready"));
        Assert.That(e!.InnerException, Is.InstanceOf<AuthenticationException>());
    }

    [Test]
    public async Task A_console_sign_in_over_https_sets_a_secure_cookie_that_authenticates_the_next_requests()
    {
        using var http = TrustingClient(); // its handler keeps cookies, as a browser does

        using var signIn = await http.PostAsJsonAsync(_managementUrl + "/api/auth/session",
            new { userName = TestAuth.AdministratorName, password = TestAuth.AdministratorPassword });

        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await signIn.Content.ReadAsStringAsync());
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("vms_session=", StringComparison.Ordinal));
        Assert.That(cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()), Does.Contain("secure").And.Contain("httponly").And.Contain("samesite=strict"));
        using var me = await http.GetAsync(_managementUrl + "/api/auth/me");
        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await me.Content.ReadAsStringAsync(), Does.Contain($"\"userName\":\"{TestAuth.AdministratorName}\""));
    }

    [Test]
    public async Task Over_https_a_protected_endpoint_wants_a_token_and_accepts_a_bearer_one()
    {
        using var http = TrustingClient();
        http.BaseAddress = new Uri(_managementUrl);
        using var anonymous = await http.GetAsync("/api/devices");
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(anonymous.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"));

        http.Authorize(await TestAuth.SignInAsync(http));
        using var signedIn = await http.GetAsync("/api/devices");
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_peer_client_accepts_the_certificate_in_Http_TrustedCertificatePath()
    {
        using var services = PeerClients(_certificate.PemPath);
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient("peers");

        using var response = await http.GetAsync(_recordingUrl + "/health/ready");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void A_peer_client_refuses_a_certificate_other_than_the_trusted_one()
    {
        var other = SelfSignedCertificate.Create(_scratch, "other");
        using var services = PeerClients(other.PemPath);
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient("peers");

        var e = Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(_recordingUrl + "/health/ready"));
        Assert.That(e!.InnerException, Is.InstanceOf<AuthenticationException>());
    }

    [Test]
    public void A_peer_client_without_trusted_certificate_uses_the_system_store_only()
    {
        using var services = PeerClients(null);
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient("peers");

        var e = Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(_managementUrl + "/health/ready"));
        Assert.That(e!.InnerException, Is.InstanceOf<AuthenticationException>());
    }

    [Test]
    public void A_trusted_certificate_path_that_is_not_a_certificate_is_a_clear_error()
    {
        var missing = Path.Combine(_scratch, "missing.crt");
        var notPem = Path.Combine(_scratch, "not-a-certificate.crt");
        File.WriteAllText(notPem, "hello");

        Assert.That(() => PeerTrust.Load(missing), Throws.InvalidOperationException.With.Message.Contains("does not exist"));
        Assert.That(() => PeerTrust.Load(notPem), Throws.InvalidOperationException.With.Message.Contains("is not a PEM or DER certificate"));
        Assert.That(() => PeerTrust.Load(_certificate.KeyPath), Throws.InvalidOperationException.With.Message.Contains("holds no CERTIFICATE block"));
    }

    [Test]
    public async Task A_service_with_a_missing_trusted_certificate_file_stops_with_the_reason()
    {
        var missing = Path.Combine(_scratch, "missing.crt");
        await using var recording = ServiceProcess.Start("recording-bad-trust", RepoPaths.ServiceDll("Recording.Service", "VmsServices.Recording"), _scratch,
        [
            "--Bus:Transport=InMemory",
            $"--Urls=http://127.0.0.1:{Ports.Free()}",
            "--Recording:ServerId=rec-bad-trust",
            $"--Http:TrustedCertificatePath={missing}",
        ]);

        await Eventually.Get(() => Task.FromResult(recording.HasExited), exited => exited, StartTimeout, "the service to stop");

        Assert.That(recording.ExitCode, Is.Not.EqualTo(0));
        Assert.That(recording.Output, Does.Contain($"Http:TrustedCertificatePath: the file '{missing}' does not exist."));
    }

    private string UrlOf(string server) => server == "management" ? _managementUrl : _recordingUrl;

    /// <summary>A client registered the way the services register theirs ("vms-peers", "vms-recording-servers").</summary>
    private static ServiceProvider PeerClients(string? trustedCertificatePath)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PeerTrust.TrustedCertificatePathKey] = trustedCertificatePath })
            .Build();
        var services = new ServiceCollection();
        services.AddHttpClient("peers", c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
            .TrustVmsPeers(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>A client that trusts the test's certificate (and tells which one the server presented).</summary>
    private HttpClient TrustingClient(Action<X509Certificate2?>? presented = null)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, chain, errors) =>
            {
                presented?.Invoke(certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.RawData));
                return PeerTrust.Accepts([_certificate.Certificate], certificate, chain, errors);
            },
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private async Task WaitReadyAsync(ServiceProcess process, string url)
    {
        using var http = TrustingClient();
        await Eventually.Get(async () =>
        {
            Assert.That(process.HasExited, Is.False, process.Output);
            using var response = await http.GetAsync(url + "/health/ready");
            return response.StatusCode;
        }, s => s == HttpStatusCode.OK, StartTimeout, $"{process.Name} ready at {url}");
    }
}
