using System.Buffers;
using VmsServices.Onvif.Xml;

namespace VmsServices.Onvif.Http;

/// <summary>Reads an HTTP body into memory, refusing (Malformed) anything over the size limit before it is all read.</summary>
internal static class LimitedBodyReader
{
    public static async Task<byte[]> ReadAsync(HttpContent content, int maxBytes, CancellationToken ct)
    {
        long? declared = content.Headers.ContentLength;
        if (declared > maxBytes)
            throw TooLarge(maxBytes, declared);

        await using Stream stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var output = new MemoryStream(declared is > 0 ? (int)declared.Value : 4096);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                if (output.Length + read > maxBytes)
                    throw TooLarge(maxBytes, null);
                output.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return output.ToArray();
    }

    private static OnvifException TooLarge(int maxBytes, long? declared) =>
        OnvifException.Malformed(declared is null
            ? $"the response is larger than the limit of {SafeXml.DescribeSize(maxBytes)}"
            : $"the response is {declared} bytes, larger than the limit of {SafeXml.DescribeSize(maxBytes)}");
}
