using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace VmsServices.Management.Moves;

/// <summary>
/// One message's view of the moves table for MassTransit's saga pipe. Optimistic: Load reads the
/// row and its version, Save inserts (a duplicate first message, or a second running move of the
/// device, fails with <see cref="MoveConcurrencyException"/>), Update writes only if the version is
/// still the one read. Such failures propagate, so the saga's message retry runs the message again
/// on the state that won, and the in-memory outbox drops what the losing attempt would have sent.
/// </summary>
internal sealed class MoveSagaRepositoryContext<TMessage>(MoveStore store, ConsumeContext<TMessage> consumeContext)
    : ConsumeContextScope<TMessage>(consumeContext), SagaRepositoryContext<MoveState, TMessage>
    where TMessage : class
{
    private readonly ConsumeContext<TMessage> _context = consumeContext;
    private string? _storedState; // the state the row had when this message found it: metrics count changes only

    public Task<SagaConsumeContext<MoveState, TMessage>> Add(MoveState instance) =>
        CreateSagaConsumeContext(_context, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<MoveState, TMessage>> Insert(MoveState instance)
    {
        try
        {
            await store.InsertAsync(instance, CancellationToken);
            _storedState = instance.CurrentState;
        }
        catch (MoveConcurrencyException)
        {
            // Already there: MassTransit then loads the stored instance instead.
            return null!;
        }
        return await CreateSagaConsumeContext(_context, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<MoveState, TMessage>> Load(Guid correlationId)
    {
        var instance = await store.LoadAsync(correlationId, CancellationToken);
        _storedState = instance?.CurrentState;
        return instance is null ? null! : await CreateSagaConsumeContext(_context, instance, SagaConsumeContextMode.Load);
    }

    public async Task Save(SagaConsumeContext<MoveState> context)
    {
        await store.InsertAsync(context.Saga, CancellationToken);
        store.Metrics?.MoveStored(null, context.Saga);
    }

    public async Task Update(SagaConsumeContext<MoveState> context)
    {
        await store.UpdateAsync(context.Saga, CancellationToken);
        store.Metrics?.MoveStored(_storedState, context.Saga);
    }

    public Task Delete(SagaConsumeContext<MoveState> context) =>
        throw new NotSupportedException("Moves are kept as history; the move state machine never completes an instance.");

    public Task Discard(SagaConsumeContext<MoveState> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<MoveState> context) => Task.CompletedTask;

    public Task<SagaConsumeContext<MoveState, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, MoveState instance, SagaConsumeContextMode mode)
        where T : class =>
        Task.FromResult<SagaConsumeContext<MoveState, T>>(new DefaultSagaConsumeContext<MoveState, T>(consumeContext, instance));
}
