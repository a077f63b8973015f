using System.Net;
using VmsServices.Integration.Tests.Infrastructure;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Requests /api/errors must refuse, against one real management server on RabbitMQ: names that
/// are not error queues of this system (another application's queue in the same virtual host, a
/// path in disguise), malformed ids and pages, messages that are not there.
/// </summary>
[Category("Integration")]
public sealed class FailedMessageBadInputTests
{
    private ServiceCluster _cluster = null!;
    private ErrorQueueClient _errors = null!;

    [OneTimeSetUp]
    public async Task StartManagement()
    {
        _cluster = await ServiceCluster.CreateAsync();
        _errors = new ErrorQueueClient(_cluster.Management);
        await _cluster.StartManagementAsync();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _cluster.DisposeAsync();

    [TestCase("GET", "/api/errors/vms-management", HttpStatusCode.BadRequest, "not an error queue of this system")]
    [TestCase("GET", "/api/errors/other-app_error", HttpStatusCode.BadRequest, "not an error queue of this system")]
    [TestCase("GET", "/api/errors/vms-recording-REC_error", HttpStatusCode.BadRequest, "not an error queue of this system")]
    [TestCase("DELETE", "/api/errors/vms-recording-..%2F.._error", HttpStatusCode.BadRequest, "not an error queue of this system")]
    [TestCase("GET", "/api/errors/vms-management_error/bad%20id", HttpStatusCode.BadRequest, "not a valid message id")]
    [TestCase("GET", "/api/errors/vms-management_error?limit=0", HttpStatusCode.BadRequest, "limit must be")]
    [TestCase("GET", "/api/errors/vms-management_error?offset=999&limit=2", HttpStatusCode.BadRequest, "at most 1000")]
    [TestCase("POST", "/api/errors/vms-management_error/3f2504e0-4f89-11d3-9a0c-0305e82c3301/retry", HttpStatusCode.NotFound, "no message")]
    [TestCase("DELETE", "/api/errors/vms-recording-never-ran_error/3f2504e0-4f89-11d3-9a0c-0305e82c3301", HttpStatusCode.NotFound, "no message")]
    public async Task Bad_input_is_refused_with_a_reason(string method, string path, HttpStatusCode expected, string reason)
    {
        using var response = await _errors.SendAsync(new HttpMethod(method), path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        Assert.That(body, Does.Contain(reason));
        Assert.That(body, Does.Not.Contain("guest"), "the broker's credentials never show");
    }
}
