using System.Diagnostics;
using System.Net.Sockets;
using VmsServices.TestSupport;

namespace VmsServices.Management.Tests.Ldap;

/// <summary>
/// A throwaway OpenLDAP server (Debian's slapd) for the tests: its own slapd.conf and mdb database in
/// a scratch directory, listening on a free loopback port, loaded with <see cref="TestDirectory"/>
/// through ldapadd (so that the memberof overlay fills in memberOf). It runs in the foreground
/// (-d 0) as the current user: as root, slapd simply keeps root when no -u/-g is given. It is
/// stopped by its PID, also when a test fails. Missing slapd: the tests are ignored with the reason,
/// unless VMS_REQUIRE_SERVERS=1 (CI), where they fail.
/// </summary>
public sealed class Slapd : IAsyncDisposable
{
    public const string SlapdPath = "/usr/sbin/slapd";
    public const string LdapAddPath = "/usr/bin/ldapadd";
    private const string ModuleDirectory = "/usr/lib/ldap";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private readonly ServiceProcess _process;

    private Slapd(string directory, ServiceProcess process, int port, int? ldapsPort, TestTlsCertificates? tls)
    {
        _directory = directory;
        _process = process;
        Port = port;
        LdapsPort = ldapsPort;
        Tls = tls;
    }

    /// <summary>The ldap:// port (StartTLS too when the server has TLS).</summary>
    public int Port { get; }

    /// <summary>The ldaps:// port; null without TLS.</summary>
    public int? LdapsPort { get; }

    public TestTlsCertificates? Tls { get; }

    /// <summary>
    /// Starts a server. With <paramref name="withTls"/> it also has a certificate, an ldaps:// port, and
    /// refuses any simple bind outside TLS ("security simple_bind=1"): a password can only reach it encrypted.
    /// </summary>
    public static async Task<Slapd> StartAsync(bool withTls = false)
    {
        RequireInstalled();
        var directory = RepoPaths.NewScratchDirectory("slapd");
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        var tls = withTls ? TestTlsCertificates.WriteTo(directory) : null;
        var port = Ports.Free();
        int? ldapsPort = withTls ? Ports.Free() : null;
        var config = Path.Combine(directory, "slapd.conf");
        await File.WriteAllTextAsync(config, Config(directory, tls));
        var urls = $"ldap://127.0.0.1:{port}/" + (ldapsPort is { } p ? $" ldaps://127.0.0.1:{p}/" : "");
        var process = ServiceProcess.StartCommand("slapd", SlapdPath, ["-d", "0", "-h", urls, "-f", config], directory);
        var server = new Slapd(directory, process, port, ldapsPort, tls);
        try
        {
            await server.WaitUntilListeningAsync();
            await server.LoadAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGTERM, as an operator stops it; the port then refuses connections.</summary>
    public async Task StopAsync()
    {
        if (!await _process.StopGracefullyAsync(TimeSpan.FromSeconds(20))) await _process.KillAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A scratch directory left behind in the temp folder harms nothing.
        }
    }

    private static void RequireInstalled()
    {
        string[] needed = [SlapdPath, LdapAddPath, Path.Combine(ModuleDirectory, "back_mdb.so"), Path.Combine(ModuleDirectory, "memberof.so")];
        if (needed.All(File.Exists)) return;
        var message = $"OpenLDAP is not installed ({string.Join(", ", needed.Where(f => !File.Exists(f)))} missing): "
            + "apt-get install slapd ldap-utils (.ci/run does).";
        if (Environment.GetEnvironmentVariable("VMS_REQUIRE_SERVERS") == "1") Assert.Fail(message);
        Assert.Ignore(message);
    }

    private static string Config(string directory, TestTlsCertificates? tls) => $"""
        include /etc/ldap/schema/core.schema
        include /etc/ldap/schema/cosine.schema
        include /etc/ldap/schema/inetorgperson.schema
        pidfile {directory}/slapd.pid
        argsfile {directory}/slapd.args
        modulepath {ModuleDirectory}
        moduleload back_mdb
        moduleload memberof
        {(tls is null ? "" : $"""
            TLSCertificateFile {tls.CertificateFile}
            TLSCertificateKeyFile {tls.KeyFile}
            TLSCACertificateFile {tls.CaFile}
            security simple_bind=1
            """)}
        database mdb
        maxsize 33554432
        suffix "{TestDirectory.Suffix}"
        rootdn "{TestDirectory.RootDn}"
        rootpw {TestDirectory.RootPassword}
        directory {directory}/data
        # Passwords are only compared, by binds; everything else is for signed-in users only, so an
        # anonymous search finds nothing, as on most sites.
        access to attrs=userPassword
          by anonymous auth
          by * none
        access to *
          by users read
          by * none
        overlay memberof
        """;

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited) Assert.Fail($"slapd exited with {_process.ExitCode}:\n{_process.Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private async Task LoadAsync()
    {
        var ldif = Path.Combine(_directory, "directory.ldif");
        await File.WriteAllTextAsync(ldif, TestDirectory.Ldif);
        // With TLS the server takes no simple bind in clear, the root DN's included.
        var url = LdapsPort is { } ldaps ? $"ldaps://127.0.0.1:{ldaps}" : $"ldap://127.0.0.1:{Port}";
        var info = new ProcessStartInfo(LdapAddPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-x", "-H", url, "-D", TestDirectory.RootDn, "-w", TestDirectory.RootPassword, "-f", ldif }) info.ArgumentList.Add(a);
        if (Tls is not null) info.Environment["LDAPTLS_CACERT"] = Tls.CaFile;
        using var ldapadd = Process.Start(info)!;
        var output = ldapadd.StandardOutput.ReadToEndAsync();
        var errors = ldapadd.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(StartTimeout);
        try
        {
            await ldapadd.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            ldapadd.Kill();
            Assert.Fail("ldapadd did not finish loading the test directory.");
        }
        if (ldapadd.ExitCode != 0) Assert.Fail($"ldapadd exited with {ldapadd.ExitCode}:\n{await output}\n{await errors}\nslapd:\n{_process.Output}");
    }
}
