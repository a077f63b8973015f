using MassTransit;
using VmsServices.Hosting;
using VmsServices.Hosting.Security;
using VmsServices.Messages;

namespace VmsServices.Recording.Tokens;

/// <summary>
/// Asks the management server for its token keys and the revocations in force at start and every
/// <see cref="Interval"/>: a revocation event lost on the bus (or published while this server was
/// down) still takes effect within that time.
/// </summary>
public sealed class TokenKeysRefresher(ITokenKeys keys, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<TokenKeysRefresher> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Once everything, the bus included, has started.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
            await started.Task;
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            await BackgroundPass.RunAsync(log, "Token keys refresh", () => keys.RefreshAsync(stoppingToken), stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>Applies the management server's revocations as they are published.</summary>
public sealed class TokensRevokedConsumer(TokenRevocations revocations) : IConsumer<TokensRevoked>
{
    public Task Consume(ConsumeContext<TokensRevoked> context)
    {
        revocations.Apply(context.Message.Revocations ?? []);
        return Task.CompletedTask;
    }
}
