namespace Jooxter.Admin.Resources;

/// <summary>Anchor type for the console's strings: SharedResource.resx (English) and SharedResource.fr.resx (French).</summary>
public sealed class SharedResource;
