using System.Xml.Linq;
using VmsServices.Onvif.Device;
using VmsServices.Onvif.Http;
using VmsServices.Onvif.Media;
using VmsServices.Onvif.Ptz;
using VmsServices.Onvif.Soap;

namespace VmsServices.Onvif;

/// <summary>
/// An ONVIF device reached through its device service URL (usually
/// http://host/onvif/device_service). Thread-safe; dispose it to release its own HTTP client.
/// Every call has the per-call timeout of <see cref="OnvifClientOptions.Timeout"/> and fails with
/// an <see cref="OnvifException"/>. Service addresses are found once (GetCapabilities, falling back
/// to GetServices) and kept; the clock offset is measured before the first authenticated call.
/// </summary>
public sealed class OnvifDevice : IDisposable
{
    private readonly OnvifCredentials? _credentials;
    private readonly OnvifClientOptions _options;
    private readonly SoapTransport _transport;
    private readonly object _gate = new();
    private volatile OnvifServiceAddresses? _services;
    private TimeSpan? _clockOffset;

    /// <param name="deviceServiceUrl">The absolute http(s) URL of the device service.</param>
    /// <param name="credentials">The device account, or null for a device that asks for none.</param>
    /// <param name="options">Timeouts and limits; defaults when null.</param>
    /// <param name="httpClient">A client to share (not disposed here), or null for one of its own.</param>
    public OnvifDevice(Uri deviceServiceUrl, OnvifCredentials? credentials = null, OnvifClientOptions? options = null,
        HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(deviceServiceUrl);
        if (!deviceServiceUrl.IsAbsoluteUri || (deviceServiceUrl.Scheme != Uri.UriSchemeHttp && deviceServiceUrl.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException("the device service URL must be an absolute http or https URL", nameof(deviceServiceUrl));
        _options = options ?? new OnvifClientOptions();
        _options.Validate();
        DeviceServiceUrl = deviceServiceUrl;
        _credentials = credentials;
        _transport = new SoapTransport(httpClient, credentials, _options);
    }

    public Uri DeviceServiceUrl { get; }

    /// <summary>Device clock minus local clock, once measured by <see cref="GetSystemDateAndTimeAsync"/>; else null.</summary>
    public TimeSpan? ClockOffset
    {
        get { lock (_gate) return _clockOffset; }
        private set { lock (_gate) _clockOffset = value; }
    }

    /// <summary>
    /// The device's clock (a call ONVIF allows without authentication). Also measures
    /// <see cref="ClockOffset"/>, which dates every later UsernameToken in the device's time.
    /// </summary>
    public async Task<OnvifSystemTime> GetSystemDateAndTimeAsync(CancellationToken ct = default)
    {
        SoapOperation request = DeviceMessages.GetSystemDateAndTime();
        DateTimeOffset sent = _options.TimeProvider.GetUtcNow();
        XElement body;
        try
        {
            body = await _transport.InvokeAsync(DeviceServiceUrl, request, null, ct).ConfigureAwait(false);
        }
        catch (OnvifException e) when (e.Kind == OnvifErrorKind.Unauthorized && _credentials is not null)
        {
            // Some devices want a token even here; date it by the local clock, the best we know.
            body = await _transport.InvokeAsync(DeviceServiceUrl, request, TokenFactory(TimeSpan.Zero), ct).ConfigureAwait(false);
        }
        DateTimeOffset received = _options.TimeProvider.GetUtcNow();
        OnvifSystemTime time = Parse(DeviceMessages.ParseSystemDateAndTime, body, request);
        // The device read its clock somewhere during the round trip: assume the middle.
        ClockOffset = time.UtcTime is { } deviceUtc ? deviceUtc - (sent + (received - sent) / 2) : TimeSpan.Zero;
        return time;
    }

    public Task<OnvifDeviceInformation> GetDeviceInformationAsync(CancellationToken ct = default) =>
        CallAsync(DeviceServiceUrl, DeviceMessages.GetDeviceInformation(), DeviceMessages.ParseDeviceInformation, ct);

    /// <summary>
    /// The media and PTZ service addresses: from GetCapabilities, completed from GetServices when
    /// GetCapabilities faults, is not implemented, or leaves media or PTZ out.
    /// </summary>
    public async Task<OnvifServiceAddresses> GetServiceAddressesAsync(CancellationToken ct = default)
    {
        if (_services is { } known)
            return known;
        OnvifServiceAddresses? fromCapabilities = null;
        OnvifException? capabilitiesError = null;
        try
        {
            fromCapabilities = await CallAsync(DeviceServiceUrl, DeviceMessages.GetCapabilities(),
                ServiceAddressParser.ParseCapabilities, ct).ConfigureAwait(false);
        }
        catch (OnvifException e) when (e.Kind is OnvifErrorKind.Fault or OnvifErrorKind.Malformed)
        {
            capabilitiesError = e;
        }

        OnvifServiceAddresses found = fromCapabilities is { IsComplete: true }
            ? fromCapabilities
            : await CompleteFromServicesAsync(fromCapabilities, capabilitiesError, ct).ConfigureAwait(false);
        if (_options.RewriteServiceAddressesToDeviceHost)
            found = ServiceAddressParser.MoveToDeviceHost(found, DeviceServiceUrl);
        _services = found;
        return found;
    }

    private async Task<OnvifServiceAddresses> CompleteFromServicesAsync(OnvifServiceAddresses? fromCapabilities,
        OnvifException? capabilitiesError, CancellationToken ct)
    {
        try
        {
            OnvifServiceAddresses fromServices = await CallAsync(DeviceServiceUrl, DeviceMessages.GetServices(),
                ServiceAddressParser.ParseServices, ct).ConfigureAwait(false);
            return fromCapabilities?.FillFrom(fromServices) ?? fromServices;
        }
        catch (OnvifException e) when (fromCapabilities is not null && (e.Kind is OnvifErrorKind.Fault or OnvifErrorKind.Malformed))
        {
            return fromCapabilities; // GetCapabilities said enough; a device without GetServices is pre-2.0
        }
        catch (OnvifException e) when (capabilitiesError is not null)
        {
            throw e.WithContext($"GetCapabilities failed ({capabilitiesError.Message}), then");
        }
    }

    /// <summary>The media profiles, from Media ver10 if the device offers it, else from Media2 ver20.</summary>
    public async Task<IReadOnlyList<OnvifMediaProfile>> GetProfilesAsync(CancellationToken ct = default)
    {
        (Uri url, MediaMessages media) = await GetMediaServiceAsync(ct).ConfigureAwait(false);
        return await CallAsync(url, media.GetProfiles(), media.ParseProfiles, ct).ConfigureAwait(false);
    }

    /// <summary>The RTSP URI for RTP unicast of a profile, as the device reports it.</summary>
    public async Task<Uri> GetStreamUriAsync(string profileToken, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileToken);
        (Uri url, MediaMessages media) = await GetMediaServiceAsync(ct).ConfigureAwait(false);
        SoapOperation request = media.GetStreamUri(profileToken);
        return await CallAsync(url, request, body => media.ParseUri(body, request), ct).ConfigureAwait(false);
    }

    /// <summary>The HTTP URI of a JPEG snapshot of a profile, as the device reports it.</summary>
    public async Task<Uri> GetSnapshotUriAsync(string profileToken, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileToken);
        (Uri url, MediaMessages media) = await GetMediaServiceAsync(ct).ConfigureAwait(false);
        SoapOperation request = media.GetSnapshotUri(profileToken);
        return await CallAsync(url, request, body => media.ParseUri(body, request), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts moving at normalized velocities (-1..1; 0 stands still on that axis) until
    /// <see cref="StopAsync"/>, another move, or the optional <paramref name="timeout"/>.
    /// </summary>
    public async Task ContinuousMoveAsync(string profileToken, double pan, double tilt, double zoom,
        TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileToken);
        CheckVelocity(pan, nameof(pan));
        CheckVelocity(tilt, nameof(tilt));
        CheckVelocity(zoom, nameof(zoom));
        if (timeout is { } t && t <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), t, "the move timeout must be positive");
        SoapOperation request = PtzMessages.ContinuousMove(profileToken, pan, tilt, zoom, timeout);
        await CallPtzAsync(request, ct).ConfigureAwait(false);
    }

    /// <summary>Stops pan, tilt and zoom movement.</summary>
    public async Task StopAsync(string profileToken, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileToken);
        await CallPtzAsync(PtzMessages.Stop(profileToken), ct).ConfigureAwait(false);
    }

    public void Dispose() => _transport.Dispose();

    private async Task CallPtzAsync(SoapOperation request, CancellationToken ct)
    {
        OnvifServiceAddresses services = await GetServiceAddressesAsync(ct).ConfigureAwait(false);
        Uri url = services.Ptz ?? throw OnvifException.NotSupported("the device offers no PTZ service");
        await CallAsync(url, request, body =>
        {
            PtzMessages.ParseEmptyResponse(body, request);
            return true;
        }, ct).ConfigureAwait(false);
    }

    private async Task<(Uri Url, MediaMessages Messages)> GetMediaServiceAsync(CancellationToken ct)
    {
        OnvifServiceAddresses services = await GetServiceAddressesAsync(ct).ConfigureAwait(false);
        if (services.Media is not null)
            return (services.Media, MediaMessages.Media1);
        if (services.Media2 is not null)
            return (services.Media2, MediaMessages.Media2);
        throw OnvifException.NotSupported("the device offers no media service (neither Media ver10 nor Media2 ver20)");
    }

    /// <summary>An authenticated call: measures the clock offset first if it is not known yet.</summary>
    private async Task<T> CallAsync<T>(Uri url, SoapOperation request, Func<XElement, T> parse, CancellationToken ct)
    {
        Func<UsernameToken>? createToken = null;
        if (_credentials is not null)
        {
            if (ClockOffset is null)
                await TryMeasureClockOffsetAsync(ct).ConfigureAwait(false);
            createToken = TokenFactory(ClockOffset ?? TimeSpan.Zero);
        }
        XElement body = await _transport.InvokeAsync(url, request, createToken, ct).ConfigureAwait(false);
        return Parse(parse, body, request, url);
    }

    private async Task TryMeasureClockOffsetAsync(CancellationToken ct)
    {
        try
        {
            await GetSystemDateAndTimeAsync(ct).ConfigureAwait(false);
        }
        catch (OnvifException e) when (e.Kind is OnvifErrorKind.Fault or OnvifErrorKind.Malformed or OnvifErrorKind.Unauthorized)
        {
            // Without the device's time, tokens are dated by the local clock; do not ask again each call.
            ClockOffset = TimeSpan.Zero;
        }
    }

    private Func<UsernameToken> TokenFactory(TimeSpan offset)
    {
        OnvifCredentials credentials = _credentials!;
        return () => UsernameToken.Create(credentials, _options.TimeProvider.GetUtcNow() + offset);
    }

    private T Parse<T>(Func<XElement, T> parse, XElement body, SoapOperation request, Uri? url = null)
    {
        try
        {
            return parse(body);
        }
        catch (OnvifException e)
        {
            throw e.WithContext($"{request.Name} at {UrlText.ForMessages(url ?? DeviceServiceUrl)}");
        }
    }

    private static void CheckVelocity(double value, string name)
    {
        if (!double.IsFinite(value) || value < -1 || value > 1)
            throw new ArgumentOutOfRangeException(name, value, "a normalized velocity lies between -1 and 1");
    }
}
