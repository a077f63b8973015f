using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using VmsServices.Management.Api;
using VmsServices.Messages;

namespace VmsServices.Management.Tests.Archive;

/// <summary>
/// Asking every server for its archive report, with a stub in place of the network: the caller's
/// token goes along, and whatever a server does instead of answering becomes a reason, never an exception.
/// </summary>
public sealed class ArchiveReportCollectorTests
{
    private const string RecA = """
        {"recordingServerId":"rec-a","role":"recording","devices":[{"deviceId":"cam-1","dataType":"video",
         "live":{"segmentCount":3,"sizeBytes":300,"oldestUtcMicros":1,"newestUtcMicros":9},
         "archived":{"segmentCount":0,"sizeBytes":0,"oldestUtcMicros":null,"newestUtcMicros":null},
         "pending":{"segmentCount":1,"sizeBytes":100,"oldestUtcMicros":1,"newestUtcMicros":3},"sources":null}],
         "lastArchiveRequest":{"cutoffUtcMicros":5,"askedUtcMicros":7},"archiveServer":null}
        """;

    private StubServers _servers = null!;

    [SetUp]
    public void NewServers() => _servers = new StubServers();

    [TearDown]
    public void DisposeServers() => _servers.Dispose();

    [Test]
    public async Task Every_server_is_asked_with_the_callers_token_and_its_report_read()
    {
        _servers.Answer("rec-a", HttpStatusCode.OK, RecA);
        _servers.Answer("rec-b", HttpStatusCode.OK, RecA.Replace("rec-a", "rec-b"));

        var answers = await CollectAsync("rec-a", "rec-b");

        Assert.That(answers.Select(a => (a.Server.Id, a.Failure)), Is.EqualTo(new[] { ("rec-a", (string?)null), ("rec-b", null) }));
        var device = answers[0].Report!.Devices.Single();
        Assert.That((device.DeviceId, device.Live.SegmentCount, device.Pending.SizeBytes), Is.EqualTo(("cam-1", 3L, 100L)));
        Assert.That(answers[0].Report!.LastArchiveRequest!.Value.GetProperty("cutoffUtcMicros").GetInt64(), Is.EqualTo(5));
        Assert.That(_servers.Requests, Is.EquivalentTo(new[] { "GET http://rec-a.test/api/archive Bearer the-token", "GET http://rec-b.test/api/archive Bearer the-token" }));
    }

    [Test]
    public async Task A_refusal_names_the_status_and_the_servers_reason()
    {
        _servers.Answer("rec-a", HttpStatusCode.Forbidden, """{"title":"Not allowed","detail":"'bob' (Viewer) may not do this."}""");
        _servers.Answer("rec-b", HttpStatusCode.NotFound, "<html>not here</html>");

        var answers = await CollectAsync("rec-a", "rec-b");

        Assert.That(answers[0].Failure, Is.EqualTo("answered 403 Forbidden: 'bob' (Viewer) may not do this."));
        Assert.That(answers[1].Failure, Is.EqualTo("answered 404 Not Found"));
    }

    [Test]
    public async Task A_server_that_cannot_be_reached_or_does_not_answer_in_time_is_reported_as_such()
    {
        _servers.Refuse("rec-a");
        _servers.Hang("rec-b");

        var answers = await CollectAsync("rec-a", "rec-b");

        Assert.That(answers[0].Failure, Does.Contain("Connection refused"));
        Assert.That(answers[1].Failure, Is.EqualTo("no answer within 0.2 s"));
    }

    [Test]
    public async Task An_answer_that_is_not_an_archive_report_or_comes_from_another_server_is_not_counted()
    {
        _servers.Answer("rec-a", HttpStatusCode.OK, "not json");
        _servers.Answer("rec-b", HttpStatusCode.OK, """{"devices":[]}""");
        _servers.Answer("rec-c", HttpStatusCode.OK, RecA);

        var answers = await CollectAsync("rec-a", "rec-b", "rec-c");

        Assert.That(answers.Select(a => a.Report), Is.All.Null);
        Assert.That(answers[0].Failure, Does.StartWith("its answer is not an archive report: "));
        Assert.That(answers[1].Failure, Is.EqualTo("its answer is not an archive report"));
        Assert.That(answers[2].Failure, Is.EqualTo("the server at http://rec-c.test answered as 'rec-a'"));
    }

    private async Task<IReadOnlyList<ServerArchiveAnswer>> CollectAsync(params string[] ids)
    {
        var collector = new ArchiveReportCollector(_servers, NullLogger<ArchiveReportCollector>.Instance) { Timeout = TimeSpan.FromMilliseconds(200) };
        return await collector.CollectAsync(ids.Select(id => new RecordingServerRecord(id, id, $"http://{id}.test")), "the-token", CancellationToken.None);
    }

    /// <summary>Each server's behaviour by host name, and every request seen (method, URL, authorization).</summary>
    private sealed class StubServers : HttpMessageHandler, IHttpClientFactory
    {
        private readonly Dictionary<string, Func<CancellationToken, Task<HttpResponseMessage>>> _hosts = [];
        private readonly List<string> _requests = [];

        public IReadOnlyList<string> Requests
        {
            get { lock (_requests) return _requests.ToList(); }
        }

        public void Answer(string id, HttpStatusCode status, string body) => _hosts[$"{id}.test"] = _ =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

        public void Refuse(string id) => _hosts[$"{id}.test"] = _ => throw new HttpRequestException("Connection refused (rec-a.test:80)");

        public void Hang(string id) => _hosts[$"{id}.test"] = async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        };

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            lock (_requests) _requests.Add($"{request.Method} {request.RequestUri} {request.Headers.Authorization}");
            return _hosts[request.RequestUri!.Host](ct);
        }
    }
}
