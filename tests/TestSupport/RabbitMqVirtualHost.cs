using System.Diagnostics;

namespace VmsServices.TestSupport;

/// <summary>
/// A RabbitMQ virtual host of its own for one test, so queues and exchanges left by another test
/// (or a killed service) never deliver into it. Created and deleted with rabbitmqctl through
/// tools/test-servers.sh, which knows the throwaway node's name and cookie.
/// </summary>
public sealed class RabbitMqVirtualHost : IAsyncDisposable
{
    private readonly string _name;

    private RabbitMqVirtualHost(string name, string url)
    {
        _name = name;
        Url = url;
    }

    /// <summary>amqp URL of the broker with this virtual host as its path.</summary>
    public string Url { get; }

    public static async Task<RabbitMqVirtualHost> CreateAsync()
    {
        var baseUrl = new Uri(TestServers.RabbitMqUrl);
        var name = "vms-test-" + Guid.NewGuid().ToString("N")[..12];
        await Ctl("add_vhost", name);
        await Ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return new RabbitMqVirtualHost(name, new UriBuilder(baseUrl) { Path = "/" + name }.Uri.ToString());
    }

    /// <summary>The virtual host's name (the URL's path).</summary>
    public string Name => _name;

    /// <summary>
    /// Makes one consumer miss messages for a while, in this virtual host only (the broker and every
    /// other test's virtual host keep running): the user may no longer declare <paramref name="queue"/>,
    /// every connection here is closed (so channels see the new rule), and the queue is deleted. Its
    /// consumer cannot declare it again, so whatever is published for it until <see cref="RestoreAsync"/>
    /// routes nowhere and is lost; publishers and other consumers work on.
    /// </summary>
    public async Task DropQueueAsync(string queue)
    {
        await Ctl("set_permissions", "-p", _name, User, $"^(?!{System.Text.RegularExpressions.Regex.Escape(queue)}$).*", ".*", ".*");
        await Ctl("close_all_connections", "--vhost", _name, "test: permissions changed");
        await Ctl("delete_queue", "-p", _name, queue);
    }

    /// <summary>Gives the user all its permissions on this virtual host back.</summary>
    public Task RestoreAsync() => Ctl("set_permissions", "-p", _name, User, ".*", ".*", ".*");

    private string User => Uri.UnescapeDataString(new Uri(Url).UserInfo).Split(':')[0];

    public async ValueTask DisposeAsync() => await Ctl("delete_vhost", _name);

    private static async Task Ctl(params string[] args)
    {
        var dir = Environment.GetEnvironmentVariable("VMS_TEST_SERVERS_DIR")
                  ?? throw new InvalidOperationException("VMS_TEST_SERVERS_DIR is not set (tools/test-servers.sh writes it into env.sh).");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(RepoPaths.Root, "tools", "test-servers.sh"), "rabbitmqctl", dir }.Concat(args)) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)} failed: {await stdout}{await stderr}");
    }
}
