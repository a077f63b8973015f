using System.Text;
using RabbitMQ.Client;

namespace VmsServices.Integration.Tests.Infrastructure;

/// <summary>
/// Puts messages straight into a node's queue over AMQP, as a broken or foreign sender would:
/// what MassTransit then does with them (an unreadable one goes to the error queue) is the service's own.
/// </summary>
public static class RawQueue
{
    /// <summary>
    /// Sends <paramref name="count"/> messages that claim MassTransit's JSON format but are not JSON,
    /// each with its own message id and the extra <paramref name="headers"/>; returns their ids.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SendUnreadableAsync(string rabbitMqUrl, string queue, int count, IReadOnlyDictionary<string, string> headers)
    {
        var factory = new ConnectionFactory { Uri = new Uri(rabbitMqUrl) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var properties = new BasicProperties
            {
                MessageId = Guid.NewGuid().ToString(),
                ContentType = "application/vnd.masstransit+json",
                Persistent = true,
                Headers = headers.ToDictionary(h => h.Key, h => (object?)h.Value),
            };
            await channel.BasicPublishAsync("", queue, mandatory: true, properties, Body(i));
            ids.Add(properties.MessageId);
        }
        return ids;
    }

    /// <summary>The body of the i-th unreadable message.</summary>
    public static byte[] Body(int i) => Encoding.UTF8.GetBytes($"{{ unreadable {i}");
}
