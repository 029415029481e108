#if NETSTANDARD2_0
namespace System.Runtime.CompilerServices;

/// <summary>Lets records and init-only setters compile for netstandard2.0 (the type ships with .NET 5 and later).</summary>
internal static class IsExternalInit
{
}
#endif
