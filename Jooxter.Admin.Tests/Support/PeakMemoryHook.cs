#pragma warning disable CA1050 // The runtime finds a startup hook by this exact name, outside any namespace.

/// <summary>
/// Loaded into a child process through <c>DOTNET_STARTUP_HOOKS</c> by <see cref="Jooxter.Admin.Tests.Support.ChildProcess"/>:
/// when the process ends, it writes the kernel's high-water mark of its resident memory (VmHWM, bytes) to the file
/// named by <see cref="FileVariable"/>. The kernel counts every page the process ever held, so the figure is exact
/// however short the process, where sampling from the parent misses a child that lives within one of the parent's
/// garbage-collection pauses.
/// </summary>
internal static class StartupHook
{
    public const string FileVariable = "JOOXTER_PEAK_MEMORY_FILE";

    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } file)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                // Written whole, then moved into place: the parent reads a complete figure or none. A failure here must
                // not turn the child's own exit into a crash; the parent then reads no figure, which fails its bound.
                try
                {
                    File.WriteAllText(file + ".part", Jooxter.Admin.Tests.Support.ChildProcess.PeakResidentOfThisProcess().ToString(System.Globalization.CultureInfo.InvariantCulture));
                    File.Move(file + ".part", file, overwrite: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            };
        }
    }
}
