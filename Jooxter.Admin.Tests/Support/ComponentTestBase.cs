using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Jooxter.Admin.Tests.Support;

/// <summary>A bUnit context with MudBlazor and the console's real localization.</summary>
public abstract class ComponentTestBase : IAsyncLifetime
{
    private readonly CultureInfo _previousCulture = CultureInfo.CurrentUICulture;

    protected ComponentTestBase(string culture = "en")
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddLocalization();
    }

    protected BunitContext Context { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = _previousCulture;
    }
}
