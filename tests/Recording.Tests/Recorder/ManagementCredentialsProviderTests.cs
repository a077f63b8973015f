using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using VmsServices.Hosting.Bus;
using VmsServices.Messages;
using VmsServices.Recording.Recorder;

namespace VmsServices.Recording.Tests.Recorder;

/// <summary>
/// Where a recording server gets a camera's account: the management server's store (asked over a real
/// in-memory bus), cached for a minute; the configuration when the store does not know the reference;
/// the last account given when the management server does not answer.
/// </summary>
public sealed class ManagementCredentialsProviderTests
{
    private readonly ConcurrentDictionary<string, (string User, string Password)> _store = new();
    private bool _answering = true;
    private ServiceProvider _services = null!;
    private ManagementClock _clock = null!;
    private ManagementCredentialsProvider _provider = null!;

    private sealed class ManagementClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [SetUp]
    public async Task Start()
    {
        var services = new ServiceCollection();
        services.AddMassTransitTestHarness(x =>
        {
            x.DisableUsageTelemetry();
            x.AddHandler<GetCameraCredentials>(async context =>
            {
                if (!_answering) return; // the management server is away: the request times out
                var known = _store.TryGetValue(context.Message.CredentialsRef, out var account);
                await context.RespondAsync(new CameraCredentialsReply(context.Message.CredentialsRef, known, known ? account.User : null, known ? account.Password : null));
            }).Endpoint(e => e.Name = QueueNames.Management);
        });
        _services = services.BuildServiceProvider(true);
        await _services.GetRequiredService<MassTransit.Testing.ITestHarness>().Start();
        _clock = new ManagementClock();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Recording:Credentials:from-config:UserName"] = "config-user",
            ["Recording:Credentials:from-config:Password"] = "config-secret",
        }).Build();
        _provider = new ManagementCredentialsProvider(new ConfigurationCredentialsProvider(configuration), _services.GetRequiredService<IBus>(),
            new BusSettings { RequestTimeout = TimeSpan.FromMilliseconds(300) }, new RecordingSettings { ServerId = "rec-a" }, _clock,
            NullLogger<ManagementCredentialsProvider>.Instance);
    }

    [TearDown]
    public async Task Stop() => await _services.DisposeAsync();

    [Test]
    public async Task The_stores_account_is_used_and_asked_again_only_after_a_minute()
    {
        _store["lobby"] = ("operator", "s3cret");
        Assert.That((await _provider.GetAsync("lobby", default))!.Password, Is.EqualTo("s3cret"));
        _store["lobby"] = ("operator", "rotated");
        Assert.That((await _provider.GetAsync("lobby", default))!.Password, Is.EqualTo("s3cret"), "cached: the store was not asked again");

        _clock.Now += ManagementCredentialsProvider.CacheLifetime;
        Assert.That((await _provider.GetAsync("lobby", default))!.Password, Is.EqualTo("rotated"), "a rotated password applies within the cache lifetime");
    }

    [Test]
    public async Task A_reference_the_store_does_not_know_comes_from_the_configuration()
    {
        Assert.That((await _provider.GetAsync("from-config", default))!.UserName, Is.EqualTo("config-user"));
        Assert.ThrowsAsync<CredentialsNotFoundException>(async () => await _provider.GetAsync("nowhere", default));
        Assert.That(await _provider.GetAsync(null, default), Is.Null);
    }

    [Test]
    public async Task When_the_management_server_does_not_answer_the_last_account_it_gave_is_used_then_the_configuration()
    {
        _store["lobby"] = ("operator", "s3cret");
        await _provider.GetAsync("lobby", default);
        _answering = false;
        _clock.Now += ManagementCredentialsProvider.CacheLifetime * 2;

        Assert.That((await _provider.GetAsync("lobby", default))!.Password, Is.EqualTo("s3cret"));
        Assert.That((await _provider.GetAsync("from-config", default))!.Password, Is.EqualTo("config-secret"));
    }
}
