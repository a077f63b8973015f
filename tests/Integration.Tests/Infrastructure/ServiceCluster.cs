using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests.Infrastructure;

/// <summary>
/// The distributed mode as an operator runs it: Management.Service and Recording.Service as
/// separate OS processes over a real RabbitMQ (own virtual host) and PostgreSQL (own database).
/// Everything is stopped by PID on dispose, also when a test fails; the output of every process
/// is attached to the test result when it failed.
/// </summary>
public sealed class ServiceCluster : IAsyncDisposable
{
    private readonly RabbitMqVirtualHost _vhost;
    private readonly PostgresDatabase _database;
    private readonly string _scratch;
    private readonly List<ServiceProcess> _processes = [];
    private readonly Dictionary<string, int> _recorderPorts = [];

    private ServiceCluster(RabbitMqVirtualHost vhost, PostgresDatabase database, string scratch)
    {
        _vhost = vhost;
        _database = database;
        _scratch = scratch;
        Management = new ServiceClient($"http://127.0.0.1:{Ports.Free()}");
    }

    public ServiceClient Management { get; }

    /// <summary>The cluster's broker URL (its own virtual host), for a test's own listener.</summary>
    public string RabbitMqUrl => _vhost.Url;

    /// <summary>The cluster's own virtual host, e.g. to make a consumer miss messages for a while (<see cref="RabbitMqVirtualHost.DropQueueAsync"/>).</summary>
    public RabbitMqVirtualHost VirtualHost => _vhost;

    /// <summary>The management server's database, e.g. to take it away for a while (<see cref="DatabaseOutage"/>).</summary>
    public string DatabaseConnectionString => _database.ConnectionString;

    /// <summary>Extra settings given to every recording server started from now on (--Key=Value).</summary>
    public List<string> RecorderSettings { get; } = [];

    public string DataDirectory(string recorderId) => Path.Combine(_scratch, recorderId);

    /// <summary>
    /// Extra settings of the management server (--Key=Value), given at its next start. Failover is off
    /// by default: tests of other features stop and restart recording servers and must find their
    /// devices where they left them; the failover tests clear this.
    /// </summary>
    public List<string> ManagementSettings { get; } = ["--Management:Failover:Enabled=false"];

    /// <summary>How often recorders refresh their copy without being told; long by default so tests see events work.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    public ServiceProcess? ManagementProcess { get; private set; }

    public static async Task<ServiceCluster> CreateAsync()
    {
        var vhost = await RabbitMqVirtualHost.CreateAsync();
        var database = await PostgresDatabase.CreateAsync();
        return new ServiceCluster(vhost, database, RepoPaths.NewScratchDirectory("cluster"));
    }

    public async Task StartManagementAsync()
    {
        ManagementProcess = Track(ServiceProcess.Start("management", RepoPaths.ServiceDll("Management.Service", "VmsServices.Management"), _scratch,
        [
            "--urls", Management.BaseUrl,
            "--Bus:Transport=RabbitMq", $"--Bus:RabbitMqUrl={_vhost.Url}",
            "--Management:Database:Provider=Postgres", $"--Management:Database:ConnectionString={_database.ConnectionString}",
            TestAuth.BootstrapArgument,
            .. ManagementSettings,
        ]));
        await WaitReadyAsync(Management, ManagementProcess);
        // The token stays valid across management restarts (its signing key is kept in the scratch directory).
        AdministratorToken ??= await TestAuth.SignInAsync(Management.Http);
        foreach (var client in _clients.Prepend(Management)) client.Http.Authorize(AdministratorToken);
    }

    /// <summary>The bootstrap administrator's token, once the management server has started.</summary>
    public string? AdministratorToken { get; private set; }

    /// <summary>Recording servers' clients, given the token when the management server starts after them.</summary>
    private readonly List<ServiceClient> _clients = [];

    public async Task StopManagementAsync()
    {
        Assert.That(await ManagementProcess!.StopGracefullyAsync(TimeSpan.FromSeconds(20)), Is.True, "management did not stop on SIGTERM");
    }

    /// <summary>The address a recording server will have; stable across its restarts.</summary>
    public string RecorderUrl(string id)
    {
        if (!_recorderPorts.TryGetValue(id, out var port)) _recorderPorts[id] = port = Ports.Free();
        return $"http://127.0.0.1:{port}";
    }

    public async Task<(ServiceProcess Process, ServiceClient Client)> StartRecorderAsync(string id)
    {
        var url = RecorderUrl(id);
        var process = Track(ServiceProcess.Start(id, RepoPaths.ServiceDll("Recording.Service", "VmsServices.Recording"), _scratch,
        [
            "--urls", url,
            "--Bus:Transport=RabbitMq", $"--Bus:RabbitMqUrl={_vhost.Url}",
            $"--Recording:ServerId={id}", $"--Recording:PublicAddress={url}",
            $"--Recording:DataDirectory={Path.Combine(_scratch, id)}",
            $"--Recording:ConfigurationRefreshInterval={RefreshInterval}",
            .. RecorderSettings,
        ]));
        var client = new ServiceClient(url);
        _clients.Add(client);
        await WaitReadyAsync(client, process);
        if (AdministratorToken is not null) client.Http.Authorize(AdministratorToken);
        return (process, client);
    }

    public async ValueTask DisposeAsync()
    {
        var failed = TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed;
        foreach (var p in _processes)
        {
            await p.KillAsync();
            if (failed) TestContext.Out.WriteLine($"----- {p.Name} (pid {p.Pid}) -----\n{p.Output}");
            await p.DisposeAsync();
        }
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
        Management.Dispose();
        try { Directory.Delete(_scratch, true); } catch (IOException) { }
    }

    private ServiceProcess Track(ServiceProcess p)
    {
        _processes.Add(p);
        return p;
    }

    private static async Task WaitReadyAsync(ServiceClient client, ServiceProcess process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) Assert.Fail($"{process.Name} exited with {process.ExitCode}:\n{process.Output}");
            if (await client.IsReadyAsync()) return;
            await Task.Delay(100);
        }
        Assert.Fail($"{process.Name} did not become ready:\n{process.Output}");
    }
}
