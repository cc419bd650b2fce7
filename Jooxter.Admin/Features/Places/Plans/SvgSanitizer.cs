using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Jooxter.Admin.Features.Places.Plans;

public enum SvgProblem
{
    TooLarge,
    NotXml,
    Doctype,
    NotSvg,
    TooDeep,

    /// <summary>An embedded picture larger than <see cref="SvgSanitizer.MaxEmbeddedImageBytes"/>, or declaring more pixels than a plan may have.</summary>
    EmbeddedImageTooLarge,

    /// <summary>&lt;use&gt; references that chain deeper or expand to more shapes than any drawing needs (a "billion laughs" in SVG).</summary>
    TooManyReferences,
}

public sealed record SvgSanitizeResult(byte[]? Svg, SvgProblem? Problem, int Removed, double? Width, double? Height);

/// <summary>
/// Cleans an uploaded SVG floor plan down to drawing: an allow-list of SVG elements and attributes. Scripts, event
/// handlers, foreign objects, animations, style sheets and every external reference are removed; a document type
/// declaration (entity expansion, external entities) or a malformed file is refused. The original is never stored.
/// </summary>
public static partial class SvgSanitizer
{
    public const int MaxBytes = 10 * 1024 * 1024;

    /// <summary>Real drawings nest a few dozen levels; refusing more keeps the recursive clean-up off the stack's limit.</summary>
    public const int MaxDepth = 256;

    /// <summary>One embedded raster picture, as base64 text, and all of them together.</summary>
    public const int MaxEmbeddedImageBytes = 2 * 1024 * 1024;
    public const int MaxEmbeddedImagesBytes = 5 * 1024 * 1024;

    /// <summary>How many &lt;use&gt; references may chain, and how many shapes the drawing may expand to once they are followed.</summary>
    public const int MaxReferenceDepth = 8;
    public const long MaxExpandedElements = 500_000;

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    private static readonly HashSet<string> Elements =
    [
        "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern", "symbol", "use", "marker", "image",
    ];

    private static readonly HashSet<string> Attributes =
    [
        "id", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "width", "height", "d", "points",
        "transform", "viewBox", "preserveAspectRatio", "version", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width",
        "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit",
        "opacity", "font-family", "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline", "letter-spacing",
        "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "clip-path", "clip-rule",
        "mask", "marker-start", "marker-mid", "marker-end", "markerWidth", "markerHeight", "refX", "refY", "orient",
        "patternUnits", "patternTransform", "clipPathUnits", "maskUnits", "visibility", "display", "style", "dx", "dy", "rotate",
    ];

    public static SvgSanitizeResult Sanitize(byte[] content)
    {
        if (content.Length > MaxBytes)
        {
            return new SvgSanitizeResult(null, SvgProblem.TooLarge, 0, null, null);
        }

        XDocument document;
        try
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = MaxBytes * 2L,
                IgnoreProcessingInstructions = true,
                IgnoreComments = true,
            };
            using (var probe = XmlReader.Create(new MemoryStream(content, writable: false), settings))
            {
                while (probe.Read())
                {
                    if (probe.Depth > MaxDepth)
                    {
                        return new SvgSanitizeResult(null, SvgProblem.TooDeep, 0, null, null);
                    }
                }
            }

            using var reader = XmlReader.Create(new MemoryStream(content, writable: false), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException error) when (error.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            return new SvgSanitizeResult(null, SvgProblem.Doctype, 0, null, null);
        }
        catch (XmlException)
        {
            return new SvgSanitizeResult(null, SvgProblem.NotXml, 0, null, null);
        }

        var root = document.Root;
        if (root is null || root.Name != Svg + "svg")
        {
            return new SvgSanitizeResult(null, SvgProblem.NotSvg, 0, null, null);
        }

        var removed = Clean(root);
        if (EmbeddedImagesProblem(root) is { } imageProblem)
        {
            return new SvgSanitizeResult(null, imageProblem, removed, null, null);
        }

        if (!ReferencesAreBounded(root))
        {
            return new SvgSanitizeResult(null, SvgProblem.TooManyReferences, removed, null, null);
        }

        var (width, height) = Size(root);
        var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false }))
        {
            new XDocument(root).Save(writer);
        }

        return new SvgSanitizeResult(output.ToArray(), null, removed, width, height);
    }

    private static int Clean(XElement element)
    {
        var removed = 0;
        foreach (var attribute in element.Attributes().ToList())
        {
            if (!IsAllowed(element, attribute))
            {
                attribute.Remove();
                removed++;
            }
        }

        foreach (var child in element.Elements().ToList())
        {
            if (child.Name.Namespace != Svg || !Elements.Contains(child.Name.LocalName))
            {
                child.Remove();
                removed++;
            }
            else
            {
                removed += Clean(child);
            }
        }

        return removed;
    }

    /// <summary>Embedded pictures are size-checked, and their declared pixels checked without decoding them.</summary>
    private static SvgProblem? EmbeddedImagesProblem(XElement root)
    {
        long total = 0;
        foreach (var image in root.Descendants(Svg + "image").ToList())
        {
            var href = (image.Attribute("href") ?? image.Attribute(XLink + "href"))?.Value;
            if (href is null)
            {
                continue;
            }

            total += href.Length;
            if (href.Length > MaxEmbeddedImageBytes || total > MaxEmbeddedImagesBytes)
            {
                return SvgProblem.EmbeddedImageTooLarge;
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(href[(href.IndexOf(',', StringComparison.Ordinal) + 1)..]);
            }
            catch (FormatException)
            {
                image.Remove();
                continue;
            }

            var (codec, problem) = Shared.Images.RasterImage.Open(bytes, PlanService.MaxPlanPixels);
            codec?.Dispose();
            if (problem is Shared.Images.RasterProblem.TooManyPixels or Shared.Images.RasterProblem.OversizedMetadata)
            {
                return SvgProblem.EmbeddedImageTooLarge;
            }

            if (problem is not null)
            {
                // A picture whose size cannot be checked (GIF, damaged data) is not passed on to viewers' browsers.
                image.Remove();
            }
        }

        return null;
    }

    /// <summary>
    /// Counts the shapes a renderer draws once every &lt;use&gt; is followed (each referenced element costs its own
    /// expanded size), refusing chains deeper than <see cref="MaxReferenceDepth"/>, loops, or more than
    /// <see cref="MaxExpandedElements"/> shapes.
    /// </summary>
    private static bool ReferencesAreBounded(XElement root)
    {
        var byId = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var element in root.DescendantsAndSelf())
        {
            if (element.Attribute("id")?.Value is { } id)
            {
                byId.TryAdd(id, element);
            }
        }

        var sizes = new Dictionary<XElement, (long Size, int Depth)>();
        var inProgress = new HashSet<XElement>();

        // hops: <use> references followed on the way here. Refusing before following one more keeps the recursion
        // within the tree's depth (MaxDepth) times MaxReferenceDepth, whatever the file.
        (long Size, int Depth)? Measure(XElement element, int hops)
        {
            if (sizes.TryGetValue(element, out var known))
            {
                return known;
            }

            if (!inProgress.Add(element))
            {
                return null;
            }

            long size = 1;
            var depth = 0;
            foreach (var child in element.Elements())
            {
                if (Measure(child, hops) is not { } measured)
                {
                    return null;
                }

                size += measured.Size;
                depth = Math.Max(depth, measured.Depth);
            }

            if (element.Name.LocalName == "use" && (element.Attribute("href") ?? element.Attribute(XLink + "href"))?.Value is { } href
                && byId.TryGetValue(href.TrimStart('#'), out var target))
            {
                if (hops >= MaxReferenceDepth || Measure(target, hops + 1) is not { } referenced)
                {
                    return null;
                }

                size += referenced.Size;
                depth = Math.Max(depth, referenced.Depth + 1);
            }

            inProgress.Remove(element);
            if (size > MaxExpandedElements || depth > MaxReferenceDepth)
            {
                return null;
            }

            sizes[element] = (size, depth);
            return (size, depth);
        }

        return Measure(root, 0) is not null;
    }

    private static bool IsAllowed(XElement element, XAttribute attribute)
    {
        if (attribute.IsNamespaceDeclaration)
        {
            return attribute.Value is "http://www.w3.org/2000/svg" or "http://www.w3.org/1999/xlink";
        }

        var name = attribute.Name;
        var value = attribute.Value;
        if (name == "href" || name == XLink + "href")
        {
            // Internal references only; an <image> may carry an embedded raster picture, nothing fetched.
            return value.StartsWith('#') && IdReference().IsMatch(value)
                || (element.Name.LocalName == "image" && EmbeddedImage().IsMatch(value));
        }

        if (name.Namespace != XNamespace.None || !Attributes.Contains(name.LocalName))
        {
            return false;
        }

        // A backslash can spell any CSS keyword in escapes (u\72 l): no attribute value needs one.
        return !value.Contains('\\') && (name.LocalName == "style" ? IsSafeStyle(value) : IsSafeValue(value));
    }

    private static bool IsSafeValue(string value) =>
        !value.Contains("url(", StringComparison.OrdinalIgnoreCase) || UrlReference().Matches(value).All(m => m.Groups[1].Value.StartsWith('#'));

    private static bool IsSafeStyle(string value)
    {
        var lowered = value.ToLowerInvariant();
        return IsSafeValue(value) && !lowered.Contains("expression", StringComparison.Ordinal) && !lowered.Contains("javascript", StringComparison.Ordinal)
            && !lowered.Contains("@import", StringComparison.Ordinal) && !lowered.Contains("behavior", StringComparison.Ordinal) && !lowered.Contains('\\', StringComparison.Ordinal);
    }

    private static (double? Width, double? Height) Size(XElement root)
    {
        var viewBox = root.Attribute("viewBox")?.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        if (viewBox is { Length: 4 } && double.TryParse(viewBox[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && double.TryParse(viewBox[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var h) && w > 0 && h > 0)
        {
            return (w, h);
        }

        static double? Number(string? text) => text is not null && double.TryParse(text.Replace("px", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
        return (Number(root.Attribute("width")?.Value), Number(root.Attribute("height")?.Value));
    }

    [GeneratedRegex(@"^#[A-Za-z_][\w.\-:]*$")]
    private static partial Regex IdReference();

    [GeneratedRegex(@"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$")]
    private static partial Regex EmbeddedImage();

    [GeneratedRegex(@"url\(\s*['""]?([^'"")]*)", RegexOptions.IgnoreCase)]
    private static partial Regex UrlReference();
}
