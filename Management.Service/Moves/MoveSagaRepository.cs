using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;

namespace VmsServices.Management.Moves;

/// <summary>
/// The durable saga repository of moves: MassTransit's <see cref="SagaRepository{TSaga}"/> on top
/// of <see cref="MoveStore"/>, so a move survives a restart of the management server. Moves are
/// correlated by id only (no query correlation).
/// </summary>
public static class MoveSagaRepository
{
    public static ISagaRepository<MoveState> Create(MoveStore store) =>
        new SagaRepository<MoveState>(new ContextFactory(store), loadSagaRepositoryContextFactory: new LoadFactory(store));

    private sealed class ContextFactory(MoveStore store) : ISagaRepositoryContextFactory<MoveState>
    {
        public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<MoveState, T>> next) where T : class =>
            next.Send(new MoveSagaRepositoryContext<T>(store, context));

        public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<MoveState> query, IPipe<SagaRepositoryQueryContext<MoveState, T>> next)
            where T : class =>
            throw new NotSupportedException("Moves are correlated by their id only.");

        public void Probe(ProbeContext context) => context.Add("persistence", "moves table");
    }

    private sealed class LoadFactory(MoveStore store) : ILoadSagaRepositoryContextFactory<MoveState>
    {
        public async Task<T> Execute<T>(Func<LoadSagaRepositoryContext<MoveState>, Task<T>> asyncMethod, CancellationToken ct = default) where T : class =>
            await asyncMethod(new LoadContext(store, ct));

        public void Probe(ProbeContext context) => context.Add("persistence", "moves table");
    }

    private sealed class LoadContext(MoveStore store, CancellationToken ct) : BasePipeContext(ct), LoadSagaRepositoryContext<MoveState>
    {
        public Task<MoveState> Load(Guid correlationId) => store.LoadAsync(correlationId, CancellationToken)!;
    }
}
