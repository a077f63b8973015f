using System.Security.Cryptography;
using System.Text.RegularExpressions;
using VmsServices.Hosting;

namespace VmsServices.Management.ErrorQueues;

/// <summary>
/// How the API names a message in an error queue: its AMQP message-id (MassTransit sets it to the
/// MessageId GUID), or, for a message without a usable one, "sha256-" and the first 32 hex digits of
/// the SHA-256 of its body, stable across peeks. Copies of one message (a publish repeated after a
/// crash) share the id, and an operation on an id applies to every copy.
/// </summary>
public static partial class FailedMessageId
{
    public const string Rule = "1-128 characters: letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

    public static string Of(string? amqpMessageId, ReadOnlySpan<byte> body) =>
        amqpMessageId is not null && Pattern().IsMatch(amqpMessageId)
            ? amqpMessageId
            : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(body))[..32];

    /// <summary>An id from a request, checked before it is compared with anything.</summary>
    public static string Parse(string? id) =>
        id is not null && Pattern().IsMatch(id)
            ? id
            : throw new InvalidRequestException($"'{(id is null ? "" : id.Length <= 80 ? id : id[..80] + "...")}' is not a valid message id: {Rule}.");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
