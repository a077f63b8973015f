using System.CommandLine;
using System.Text.Json;
using VmsServices.Vmsctl.Api;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Http;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Commands;

/// <summary>
/// vmsctl health: /health/ready of the management server and, with --all, of every registered
/// recording server. Exit 6 when a node is not ready (Unhealthy or unreachable); Degraded still
/// serves and counts as ready. The management server unreachable is exit 5, as for every command.
/// </summary>
public sealed class HealthCommand : ICommandGroup
{
    private sealed record NodeHealth(string Node, string Url, string Status, string Detail, JsonElement? Report)
    {
        public bool Ready => HealthReport.IsReady(Status);
    }

    public IEnumerable<Command> Create(GlobalOptions globals)
    {
        var all = new Option<bool>("--all") { Description = "Also ask every registered recording server" };
        var command = new Command("health", "Readiness of the management server (and with --all of every recording server); exit 6 when one is not ready") { all };
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            // Asked first and without catching: a management server that does not answer is exit 5.
            var management = ctx.Api.Resolve("health/ready");
            var nodes = new List<NodeHealth> { Read("management", management, await ctx.Api.SendAsync(HttpMethod.Get, management, null, ct, acceptAnyStatus: true)) };
            if (parse.GetValue(all))
            {
                var servers = (await ctx.Api.GetJsonAsync("api/recording-servers", ct)).As<List<RecordingServer>>();
                nodes.AddRange(await Task.WhenAll(servers.Select(s => AskAsync(ctx.Api, s, ct))));
            }
            var overall = nodes.All(n => n.Ready) ? nodes.Any(n => n.Status == "Degraded") ? "Degraded" : "Healthy" : "Unhealthy";
            if (ctx.Json)
                ctx.WriteJson(new { status = overall, nodes = nodes.Select(n => new { node = n.Node, url = n.Url, status = n.Status, detail = n.Detail, report = n.Report }) });
            else
            {
                var table = new TextTable("NODE", "URL", "STATUS", "DETAIL");
                foreach (var n in nodes) table.Add(n.Node, n.Url, n.Status, n.Detail);
                ctx.WriteTable(table);
            }
            return overall == "Unhealthy" ? ExitCodes.Unhealthy : ExitCodes.Ok;
        });
        yield return command;
    }

    private static async Task<NodeHealth> AskAsync(ApiClient api, RecordingServer server, CancellationToken ct)
    {
        if (!Uri.TryCreate(server.Address.TrimEnd('/') + "/health/ready", UriKind.Absolute, out var url))
            return new NodeHealth(server.Id, server.Address, "Unreachable", "its registered address is not a URL", null);
        try
        {
            return Read(server.Id, url, await api.SendAsync(HttpMethod.Get, url, null, ct, acceptAnyStatus: true));
        }
        catch (CliException e) when (!ct.IsCancellationRequested)
        {
            return new NodeHealth(server.Id, url.GetLeftPart(UriPartial.Authority), "Unreachable", e.Detail, null);
        }
    }

    private static NodeHealth Read(string node, Uri url, ApiResponse response)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        HealthReport? report = null;
        try
        {
            report = response.Body?.As<HealthReport>();
        }
        catch (JsonException)
        {
            // Not the health document (a proxy's page): the status code is all there is.
        }
        if (report is null)
            return new NodeHealth(node, origin, response.Status == 200 ? "Healthy" : "Unhealthy", $"HTTP {response.Status}", response.Body);
        var failing = (report.Checks ?? new Dictionary<string, HealthCheck>())
            .Where(c => c.Value.Status != "Healthy")
            .Select(c => $"{c.Key}: {c.Value.Status}{(c.Value.Error ?? c.Value.Description) switch { { } why => $" ({why})", _ => "" }}");
        return new NodeHealth(node, origin, report.Status, string.Join("; ", failing), response.Body);
    }
}
