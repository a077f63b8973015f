using System.Net;
using Npgsql;
using VmsServices.Bench;

namespace VmsServices.ServingBench;

/// <summary>
/// The distributed mode as processes, like tests/Integration.Tests' ServiceCluster: the management
/// server and recording servers as their own OS processes over RabbitMQ (a virtual host of its own)
/// and PostgreSQL (a database of its own), plus one simulated camera process. Everything is stopped
/// by PID and the virtual host and database are dropped on dispose. The management server creates an
/// administrator with a password made for this run; the benchmark signs in as it and sends the token to
/// every server (recording servers accept the management server's tokens).
/// </summary>
internal sealed class Cluster : IAsyncDisposable
{
    private static readonly Dictionary<string, string> ChildEnvironment = new()
    {
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["MASSTRANSIT_USAGE_TELEMETRY"] = "false",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    private readonly Paths _paths;
    private readonly bool _verbose;
    private readonly List<ChildProcess> _children = [];
    private readonly string _database;
    private readonly BenchAdministrator _administrator = new();

    private Cluster(Paths paths, string work, string vhost, string database, bool verbose)
    {
        _paths = paths;
        Work = work;
        VirtualHost = vhost;
        _database = database;
        _verbose = verbose;
        RabbitMqUrl = new UriBuilder(new Uri(TestServers.RabbitMqUrl)) { Path = "/" + vhost }.Uri.ToString();
        PostgresConnection = new NpgsqlConnectionStringBuilder(TestServers.PostgresAdmin) { Database = database }.ConnectionString;
    }

    public string Work { get; }
    public string VirtualHost { get; }
    public string RabbitMqUrl { get; }
    public string PostgresConnection { get; }
    public string ManagementUrl { get; private set; } = "";
    public HttpClient Management { get; private set; } = null!;
    public ChildProcess ManagementProcess { get; private set; } = null!;
    public ChildProcess? Camera { get; private set; }
    public int CameraPort { get; private set; }
    public Dictionary<string, (ChildProcess Process, string Url, HttpClient Http)> Recorders { get; } = [];

    public IEnumerable<ChildProcess> Processes => _children;

    public static async Task<Cluster> CreateAsync(Paths paths, string work, bool verbose)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var vhost = "vms-bench-" + suffix;
        var database = "vms_bench_" + suffix;
        await TestServers.RabbitMqCtl(paths, "add_vhost", vhost);
        await TestServers.RabbitMqCtl(paths, "set_permissions", "-p", vhost, new Uri(TestServers.RabbitMqUrl).UserInfo.Split(':')[0], ".*", ".*", ".*");
        await using (var c = new NpgsqlConnection(TestServers.PostgresAdmin))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {database}", c); // generated name, not input
            await cmd.ExecuteNonQueryAsync();
        }
        Directory.CreateDirectory(work);
        return new Cluster(paths, work, vhost, database, verbose);
    }

    public async Task StartCameraAsync(int cameras, CancellationToken ct, params string[] extra)
    {
        CameraPort = Net.FreePort();
        Camera = Start("camera", _paths.SimCameraDll, ["--port", CameraPort.ToString(), "--cameras", cameras.ToString(), "--quiet", .. extra]);
        await Net.Until(() => Task.FromResult(Accepts(CameraPort)), up => up, TimeSpan.FromSeconds(30), "the simulated camera", ct, Camera);
    }

    public string CameraUrl(int k) => $"rtsp://127.0.0.1:{CameraPort}/cam{k}";

    /// <summary>Starts the management server, signs in as its administrator and gives every client the token.</summary>
    public async Task StartManagementAsync(CancellationToken ct, params string[] settings)
    {
        ManagementUrl = $"http://127.0.0.1:{Net.FreePort()}";
        ManagementProcess = Start("management", _paths.ManagementDll,
        [
            "--urls", ManagementUrl, "--Bus:Transport=RabbitMq", $"--Bus:RabbitMqUrl={RabbitMqUrl}",
            "--Management:Database:Provider=Postgres", $"--Management:Database:ConnectionString={PostgresConnection}",
            .. settings,
        ], _administrator.BootstrapEnvironment);
        Management = Net.Client(ManagementUrl);
        await WaitReadyAsync(Management, ManagementProcess, ct);
        await _administrator.SignInAsync(Management, ct);
        _administrator.Authorize(Management);
        foreach (var (_, _, http) in Recorders.Values) _administrator.Authorize(http);
    }

    /// <summary>A client of its own (own connections) for one of the servers, signed in once the management server runs.</summary>
    public HttpClient Client(string baseUrl, TimeSpan? timeout = null) => _administrator.Authorize(Net.Client(baseUrl, timeout));

    public Task StartRecorderAsync(string id, IEnumerable<string> settings, CancellationToken ct) =>
        StartRecorderAtAsync(id, $"http://127.0.0.1:{Net.FreePort()}", settings, ct);

    /// <summary>Starts a recorder at an address chosen beforehand (e.g. already in a seeded configuration table).</summary>
    public Task StartRecorderAsync(string id, string url, IEnumerable<string> settings, CancellationToken ct) =>
        StartRecorderAtAsync(id, url, settings, ct);

    /// <summary>Starts a recorder again after it stopped (e.g. was killed): same id, address and data directory.</summary>
    public Task RestartRecorderAsync(string id, IEnumerable<string> settings, CancellationToken ct) =>
        StartRecorderAtAsync(id, Recorders[id].Url, settings, ct);

    private async Task StartRecorderAtAsync(string id, string url, IEnumerable<string> settings, CancellationToken ct)
    {
        var p = Start(id, _paths.RecordingDll,
        [
            "--urls", url, "--Bus:Transport=RabbitMq", $"--Bus:RabbitMqUrl={RabbitMqUrl}",
            $"--Recording:ServerId={id}", $"--Recording:PublicAddress={url}", $"--Recording:DataDirectory={Path.Combine(Work, id)}",
            .. settings,
        ]);
        var http = Recorders.TryGetValue(id, out var before) ? before.Http : Client(url);
        Recorders[id] = (p, url, http);
        await WaitReadyAsync(http, p, ct);
    }

    public Task RegisterServerAsync(string id, CancellationToken ct) =>
        Management.PostJsonAsync("/api/recording-servers", new { id, name = id, address = Recorders[id].Url }, ct, HttpStatusCode.Conflict);

    public Task AddDeviceAsync(string id, string recorder, string streamUrl, CancellationToken ct) =>
        Management.PostJsonAsync("/api/devices", new { id, name = id, streamUrl, recordingServerId = recorder }, ct);

    public async Task RemoveDeviceAsync(string id, CancellationToken ct)
    {
        using var response = await Management.DeleteAsync($"/api/devices/{id}", ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"DELETE /api/devices/{id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    private ChildProcess Start(string name, string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string>(ChildEnvironment);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) env[k] = v;
        var p = ChildProcess.Start(name, "dotnet", [dll, .. args], Work, env, _verbose ? line => Console.WriteLine($"  [{name}] {line}") : null);
        _children.Add(p);
        return p;
    }

    private static async Task WaitReadyAsync(HttpClient http, ChildProcess p, CancellationToken ct) =>
        await Net.Until(async () =>
        {
            using var r = await http.GetAsync("/health/ready", ct);
            return r.IsSuccessStatusCode;
        }, ok => ok, TimeSpan.FromSeconds(90), $"{p.Name} to become ready", ct, p);

    private static bool Accepts(int port)
    {
        try
        {
            using var c = new System.Net.Sockets.TcpClient();
            c.Connect("127.0.0.1", port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in Enumerable.Reverse(_children)) await p.StopAsync(TimeSpan.FromSeconds(10));
        foreach (var p in _children) await p.DisposeAsync();
        foreach (var (_, _, http) in Recorders.Values) http.Dispose();
        Management?.Dispose();
        try { await TestServers.RabbitMqCtl(_paths, "delete_vhost", VirtualHost); }
        catch (InvalidOperationException e) { Console.Error.WriteLine(e.Message); }
        try
        {
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(TestServers.PostgresAdmin);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", c);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e) { Console.Error.WriteLine($"Could not drop {_database}: {e.Message}"); }
    }
}
