namespace VmsServices.Media.Rtsp;

/// <summary>Base of every failure the RTSP client reports; callers typically reconnect on it.</summary>
public class RtspException : Exception
{
    public RtspException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The peer violated RTSP/SDP (RFC 2326, RFC 8866) or offered nothing we can use.</summary>
public class RtspProtocolException : RtspException
{
    public RtspProtocolException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>A request was answered with an unexpected status code.</summary>
public class RtspResponseException : RtspException
{
    public RtspResponseException(string method, int statusCode, string reason)
        : base($"RTSP {method} failed: {statusCode} {reason}")
    {
        Method = method;
        StatusCode = statusCode;
    }

    public string Method { get; }
    public int StatusCode { get; }
}

/// <summary>401 Unauthorized after the single authenticated retry, or no usable credentials/scheme.</summary>
public sealed class RtspAuthenticationException : RtspResponseException
{
    public RtspAuthenticationException(string method, int statusCode, string reason) : base(method, statusCode, reason) { }
}

public enum RtspTimeoutKind
{
    Connect,
    Response,
    DataStall,
}

/// <summary>Connecting, waiting for a response, or waiting for media data took too long.</summary>
public sealed class RtspTimeoutException : RtspException
{
    public RtspTimeoutException(RtspTimeoutKind kind, string message) : base(message) => Kind = kind;

    public RtspTimeoutKind Kind { get; }
}

/// <summary>The TCP connection failed or was closed by the peer (end of stream).</summary>
public sealed class RtspConnectionException : RtspException
{
    public RtspConnectionException(string message, Exception? inner = null) : base(message, inner) { }
}
