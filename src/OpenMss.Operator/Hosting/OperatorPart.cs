using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenMss.Storage;

namespace OpenMss.Operator.Hosting;

/// <summary>
/// A part of the operator's process that a project above the Operator brings (the console, issue 21): it registers
/// its services, usually a hosted web app of its own, and returns the end point it will serve on, or null when its
/// configuration is absent. The Operator cannot reference it, so the CLI and the sandbox hand it in.
/// </summary>
public delegate OperatorPartEndPoint? OperatorPart(IServiceCollection services, IConfiguration configuration, IMailStore store, ListenerPorts ports);

/// <summary>What a part serves, for the start-up log: its name and its URL.</summary>
public sealed record OperatorPartEndPoint(string Name, IPEndPoint EndPoint, Uri Url);
