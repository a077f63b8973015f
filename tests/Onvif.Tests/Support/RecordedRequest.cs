using System.Xml.Linq;

namespace VmsServices.Onvif.Tests.Support;

/// <summary>What the fake camera received, for assertions about what the client sent.</summary>
internal sealed record RecordedRequest(
    string Path,
    string Operation,
    XNamespace Service,
    XElement? BodyContent,
    string? ContentType,
    bool HadUsernameToken,
    bool HadDigest,
    int Status);
