namespace Jooxter.Admin.Tests.Support.Hostile;

/// <summary>The corpus written to disk once per test run (building some files takes seconds), for both the in-process and the child-process tests.</summary>
public static class HostileFiles
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("jooxter-hostile-").FullName;
    private static readonly Dictionary<string, Lazy<string>> Paths = HostileCorpus.All
        .Select((file, index) => (file, index))
        .ToDictionary(x => x.file.Name, x => new Lazy<string>(() =>
        {
            var path = Path.Combine(Folder, $"{x.index:00}.bin");
            File.WriteAllBytes(path, x.file.Build());
            return path;
        }));

    public static string PathOf(HostileFile file) => Paths[file.Name].Value;

    public static HostileFile Named(string name) => HostileCorpus.All.Single(f => f.Name == name);

    public static TheoryData<string> Names(params HostileKind[] kinds)
    {
        var data = new TheoryData<string>();
        foreach (var file in HostileCorpus.All.Where(f => kinds.Length == 0 || kinds.Contains(f.Kind)))
        {
            data.Add(file.Name);
        }

        return data;
    }
}
