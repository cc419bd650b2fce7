using System.Text;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Tests.Support;
using SkiaSharp;

namespace Jooxter.Admin.Tests.Features.People;

public sealed class PhotoProcessorTests
{
    [Fact]
    public void A_large_picture_is_stored_as_a_small_jpeg_keeping_its_proportions()
    {
        var (jpeg, problem) = PhotoProcessor.Normalize(Images.Png(1200, 600));

        problem.ShouldBeNull();
        using var stored = SKBitmap.Decode(jpeg);
        (stored.Width, stored.Height).ShouldBe((256, 128));
        jpeg![..3].ShouldBe(new byte[] { 0xFF, 0xD8, 0xFF });
    }

    [Fact]
    public void Other_files_are_refused_for_a_stated_reason()
    {
        PhotoProcessor.Normalize(Encoding.UTF8.GetBytes("<svg onload=alert(1)>")).Problem.ShouldBe(PhotoProblem.UnsupportedType);
        PhotoProcessor.Normalize(new byte[PhotoProcessor.MaxUploadBytes + 1]).Problem.ShouldBe(PhotoProblem.TooLarge);
        byte[] brokenPng = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5];
        PhotoProcessor.Normalize(brokenPng).Problem.ShouldBe(PhotoProblem.Unreadable);
    }

    [Fact]
    public void A_picture_declaring_too_many_pixels_is_refused_before_decoding()
    {
        var png = Images.Png(10, 10);
        // Rewrite the IHDR width and height to 50,000 x 50,000 (2.5 gigapixels) without touching the data.
        png[16] = 0; png[17] = 0; png[18] = 0xC3; png[19] = 0x50;
        png[20] = 0; png[21] = 0; png[22] = 0xC3; png[23] = 0x50;

        PhotoProcessor.Normalize(png).Problem.ShouldBeOneOf(PhotoProblem.TooManyPixels, PhotoProblem.Unreadable);
    }
}
