using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using VmsServices.Bench;

namespace VmsServices.ServingBench;

/// <summary>
/// Where the repository and the programs the benchmark starts are (same configuration as this build):
/// their bin directories under <paramref name="BinRoot"/>, the repository unless <see cref="Snapshot"/> copied them.
/// </summary>
internal sealed record Paths(string Repo, string Configuration, string? BinRoot = null)
{
#if DEBUG
    private const string Config = "Debug";
#else
    private const string Config = "Release";
#endif

    private static readonly (string Folder, string Name)[] Programs =
        [("Recording.Service", "VmsServices.Recording"), ("Management.Service", "VmsServices.Management"), (Path.Combine("tools", "SimCamera"), "VmsServices.SimCamera")];

    public string RecordingDll => Dll(Programs[0]);
    public string ManagementDll => Dll(Programs[1]);
    public string SimCameraDll => Dll(Programs[2]);

    private string Dll((string Folder, string Name) p) => Path.Combine(BinDir(BinRoot ?? Repo, p.Folder), p.Name + ".dll");

    private string BinDir(string root, string folder) => Path.Combine(root, folder, "bin", Configuration, "net10.0");

    /// <summary>
    /// Copies the programs' bin directories under <paramref name="dir"/> and runs them from there, so that a
    /// rebuild in the working tree during the run (another build, an IDE) cannot remove or swap a program
    /// between two starts of it, e.g. when a killed recording server is started again.
    /// </summary>
    public Paths Snapshot(string dir)
    {
        foreach (var (folder, _) in Programs)
        {
            var from = BinDir(Repo, folder);
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var to = Path.Combine(BinDir(dir, folder), Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to, overwrite: true);
            }
        }
        var copy = this with { BinRoot = dir };
        copy.RequireBuilt();
        return copy;
    }

    public static Paths Find(string? repo)
    {
        repo ??= FindRepo(AppContext.BaseDirectory) ?? FindRepo(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("Repository root not found (no build.cake above the program or the current directory): pass --repo DIR.");
        return new Paths(Path.GetFullPath(repo), Config);
    }

    public void RequireBuilt()
    {
        foreach (var dll in new[] { RecordingDll, ManagementDll, SimCameraDll })
            if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build with -c {Configuration} (dotnet run -c Release --project bench/VmsServices.ServingBench does).");
    }

    private static string? FindRepo(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "build.cake")) && Directory.Exists(Path.Combine(dir.FullName, "Recording.Service")))
                return dir.FullName;
        return null;
    }
}

/// <summary>The throwaway RabbitMQ and PostgreSQL of tools/test-servers.sh, named by the VMS_TEST_* variables its env.sh exports.</summary>
internal static class TestServers
{
    public const string Hint = "start them with: tools/test-servers.sh start /tmp/vms-bench-servers && source /tmp/vms-bench-servers/env.sh";

    public static string? Missing()
    {
        var missing = new[] { "VMS_TEST_RABBITMQ", "VMS_TEST_POSTGRES", "VMS_TEST_SERVERS_DIR" }.Where(v => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))).ToList();
        return missing.Count == 0 ? null : $"{string.Join(", ", missing)} not set ({Hint})";
    }

    public static string RabbitMqUrl => Environment.GetEnvironmentVariable("VMS_TEST_RABBITMQ")!;
    public static string PostgresAdmin => Environment.GetEnvironmentVariable("VMS_TEST_POSTGRES")!;

    public static async Task RabbitMqCtl(Paths paths, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(paths.Repo, "tools", "test-servers.sh"), "rabbitmqctl", Environment.GetEnvironmentVariable("VMS_TEST_SERVERS_DIR")! }.Concat(args))
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)} failed: {await stdout}{await stderr}");
    }
}

internal static class Net
{
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HttpClient Client(string baseUrl, TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = timeout ?? TimeSpan.FromSeconds(120),
        };

    public static async Task<T> GetJsonAsync<T>(this HttpClient http, string path, CancellationToken ct) =>
        (await http.GetFromJsonAsync<T>(path, Json, ct))!;

    public static async Task<string> PostJsonAsync(this HttpClient http, string path, object body, CancellationToken ct, params HttpStatusCode[] accepted)
    {
        using var response = await http.PostAsJsonAsync(path, body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode && !accepted.Contains(response.StatusCode))
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>Waits for a condition the services reach asynchronously; the bound only stops a hang.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, CancellationToken ct, params ChildProcess[] watch)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            ct.ThrowIfCancellationRequested();
            foreach (var p in watch)
                if (p.HasExited) throw new InvalidOperationException($"{p.Name} exited with {p.ExitCode} while waiting for {what}:\n{p.Tail}");
            try
            {
                var value = await probe();
                if (done(value)) return value;
                last = null;
            }
            catch (Exception e) when (e is HttpRequestException or JsonException || e is TaskCanceledException && !ct.IsCancellationRequested)
            {
                last = e;
            }
            await Task.Delay(200, ct);
        }
        throw new InvalidOperationException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}{(last is null ? "" : $" (last error: {last.Message})")}");
    }
}

/// <summary>Percentiles over a sample (nearest rank), in the sample's unit.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);
}

/// <summary>A result table printed as aligned text and written as Markdown.</summary>
internal sealed class Table(string title, params string[] header)
{
    private readonly List<string[]> _rows = [];
    public string Title { get; } = title;
    public List<string> Notes { get; } = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public string Text()
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, _rows.Select(r => i < r.Length ? r[i].Length : 0).DefaultIfEmpty(0).Max())).ToArray();
        string Line(string[] cells) => "  " + string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i])));
        var lines = new List<string> { Title, Line(header), "  " + string.Join("  ", widths.Select(w => new string('-', w))) };
        lines.AddRange(_rows.Select(Line));
        lines.AddRange(Notes.Select(n => "  * " + n));
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    public string Markdown()
    {
        var lines = new List<string> { $"### {Title}", "", "| " + string.Join(" | ", header) + " |", "|" + string.Concat(header.Select((_, i) => i == 0 ? "---|" : "---:|")) };
        lines.AddRange(_rows.Select(r => "| " + string.Join(" | ", r) + " |"));
        if (Notes.Count > 0) lines.Add("");
        lines.AddRange(Notes.Select(n => "* " + n));
        return string.Join("\n", lines) + "\n";
    }
}
