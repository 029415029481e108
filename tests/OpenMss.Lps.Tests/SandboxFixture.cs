using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>One sandbox process shared by the tests of the "sandbox" collection, which run one after the other (some switch PSC's failure mode).</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public SandboxProcess Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() => Sandbox = await SandboxProcess.StartAsync();

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();
}

[CollectionDefinition("sandbox")]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>;
