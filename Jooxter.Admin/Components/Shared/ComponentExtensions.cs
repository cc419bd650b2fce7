using Jooxter.Admin.Infrastructure.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;

namespace Jooxter.Admin.Components.Shared;

public static class ComponentExtensions
{
    /// <summary>The signed-in user of a component's cascading authentication state (anonymous when there is none).</summary>
    public static async Task<UserContext> UserAsync(this Task<AuthenticationState>? state) =>
        state is null ? UserContext.Anonymous : UserContext.FromPrincipal((await state).User);

    /// <summary>An uploaded file's bytes, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadBytesAsync(this IBrowserFile file, long maxBytes)
    {
        try
        {
            await using var stream = file.OpenReadStream(maxBytes);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
