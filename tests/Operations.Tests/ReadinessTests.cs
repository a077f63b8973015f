using System.Net;
using System.Text.Json;
using Npgsql;
using VmsServices.TestSupport;

namespace VmsServices.Operations.Tests;

/// <summary>
/// /health/ready of a management server over RabbitMQ and PostgreSQL follows its dependencies:
/// 503 while the broker (only this test's virtual host) or the database refuses it, 200 again
/// once they are back; /health/live stays 200 throughout.
/// </summary>
[NonParallelizable]
public class ReadinessTests
{
    private static readonly TimeSpan FlipTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Ready_flips_to_503_on_broker_and_database_outages_and_back()
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync();
        await using var database = await PostgresDatabase.CreateAsync();
        var scratch = RepoPaths.NewScratchDirectory("ops-ready");
        var url = $"http://127.0.0.1:{Ports.Free()}";
        await using var management = ServiceProcess.Start("management", RepoPaths.ServiceDll("Management.Service", "VmsServices.Management"), scratch,
        [
            "--urls", url,
            "--Bus:Transport=RabbitMq", $"--Bus:RabbitMqUrl={vhost.Url}",
            "--Management:Database:Provider=Postgres", $"--Management:Database:ConnectionString={database.ConnectionString}",
        ]);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            await ReadyAsync(http, HttpStatusCode.OK, "ready at start", management);

            // Broker: the guest user loses its rights on this virtual host and its connections are
            // closed, so MassTransit cannot reconnect (other tests' virtual hosts are untouched).
            await Ctl("clear_permissions", "-p", vhost.Name, "guest");
            await Ctl("close_all_connections", "--vhost", vhost.Name, "test: broker outage");
            var down = await ReadyAsync(http, HttpStatusCode.ServiceUnavailable, "not ready without the broker", management);
            Assert.That(Check(down, "bus"), Is.EqualTo("Unhealthy"), down.RootElement.ToString());
            Assert.That(Check(down, "database"), Is.EqualTo("Healthy"));
            await LiveAsync(http);
            await Ctl("set_permissions", "-p", vhost.Name, "guest", ".*", ".*", ".*");
            await ReadyAsync(http, HttpStatusCode.OK, "ready again with the broker back", management);

            // Database: no new connections, and the pooled ones are cut.
            var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
            await AdminAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS false"); // name is generated, not input
            await AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
            down = await ReadyAsync(http, HttpStatusCode.ServiceUnavailable, "not ready without the database", management);
            Assert.That(Check(down, "database"), Is.EqualTo("Unhealthy"), down.RootElement.ToString());
            Assert.That(Check(down, "bus"), Is.EqualTo("Healthy"));
            await LiveAsync(http);
            await AdminAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS true");
            await ReadyAsync(http, HttpStatusCode.OK, "ready again with the database back", management);
            Assert.That(management.HasExited, Is.False, "outages do not stop the service");
        }
        finally
        {
            // Whatever happened, leave the vhost and database usable for their disposal.
            await Ctl("set_permissions", "-p", vhost.Name, "guest", ".*", ".*", ".*");
            await AdminAsync($"ALTER DATABASE {new NpgsqlConnectionStringBuilder(database.ConnectionString).Database} ALLOW_CONNECTIONS true");
            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
                TestContext.Out.WriteLine(management.Output);
            try { Directory.Delete(scratch, true); } catch (IOException) { }
        }
    }

    private static async Task<JsonDocument> ReadyAsync(HttpClient http, HttpStatusCode expected, string what, ServiceProcess process)
    {
        var (status, body) = await Eventually.Get(async () =>
        {
            Assert.That(process.HasExited, Is.False, process.Output);
            using var response = await http.GetAsync("/health/ready");
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }, r => r.StatusCode == expected, FlipTimeout, what);
        Assert.That(status, Is.EqualTo(expected));
        return JsonDocument.Parse(body);
    }

    private static async Task LiveAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/health/live");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "liveness does not depend on the broker or the database");
    }

    private static string? Check(JsonDocument report, string name) =>
        report.RootElement.GetProperty("checks").GetProperty(name).GetProperty("status").GetString();

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgresAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task Ctl(params string[] args)
    {
        var dir = Environment.GetEnvironmentVariable("VMS_TEST_SERVERS_DIR") ?? throw new InvalidOperationException("VMS_TEST_SERVERS_DIR is not set");
        var (rc, stdout, stderr) = await OpsTools.RunAsync("bash", [Path.Combine(RepoPaths.Root, "tools", "test-servers.sh"), "rabbitmqctl", dir, .. args]);
        Assert.That(rc, Is.EqualTo(0), $"rabbitmqctl {string.Join(' ', args)}: {stdout}{stderr}");
    }
}
