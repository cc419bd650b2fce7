using MudBlazor;

namespace Jooxter.Admin.Components.Layout;

public static class JooxterTheme
{
    // Colours chosen for at least 4.5:1 contrast with white text (WCAG AA) in both palettes.
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#00529B",
            Secondary = "#8A3B00",
            AppbarBackground = "#00406F",
            AppbarText = "#FFFFFF",
            Info = "#0B5CAD",
            Success = "#1B6E20",
            Warning = "#8A4B00",
            Error = "#B00020",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7CB8F0",
            Secondary = "#F2A36B",
            AppbarBackground = "#1B2430",
        },
    };
}
