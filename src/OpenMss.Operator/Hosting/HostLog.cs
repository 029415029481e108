using Microsoft.Extensions.Logging;

namespace OpenMss.Operator.Hosting;

/// <summary>The host's named log events.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "OpenMSS serving the store {Store}; health at http://{Address}:{Port}/health")]
    public static partial void Serving(ILogger logger, string store, System.Net.IPAddress address, int port);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "{Protocol}, {Front} front, on {EndPoint} (STARTTLS)")]
    public static partial void Listening(ILogger logger, string protocol, OpenMss.Net.FrontKind front, System.Net.IPEndPoint endPoint);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Admin API on https://{EndPoint}/admin/v1 (OpenAPI at /admin/v1/openapi.json)")]
    public static partial void AdminApi(ILogger logger, System.Net.IPEndPoint endPoint);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "{Part} on {Url}")]
    public static partial void Part(ILogger logger, string part, Uri url);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "OpenMSS stopping: finishing work in progress")]
    public static partial void Stopping(ILogger logger);
}
