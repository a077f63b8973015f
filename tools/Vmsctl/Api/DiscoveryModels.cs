namespace VmsServices.Vmsctl.Api;

// The management API's discovery shapes (GET /api/discovery, POST /api/discovery/probe and /attach).

/// <summary>An ONVIF camera found by WS-Discovery; AttachedDeviceId is null while it waits to be attached. Times in UTC microseconds.</summary>
public sealed record DiscoveredCamera(
    string EndpointReference,
    string? Name,
    string? Hardware,
    string? Location,
    IReadOnlyList<string> DeviceServiceUrls,
    long FirstSeenUtcMicros,
    long LastSeenUtcMicros,
    string? AttachedDeviceId);

/// <summary>The device a camera was attached as; AlreadyKnown when its hardware identity was a device already (201 vs 200).</summary>
public sealed record AttachResult(DeviceConfiguration Device, bool AlreadyKnown);
