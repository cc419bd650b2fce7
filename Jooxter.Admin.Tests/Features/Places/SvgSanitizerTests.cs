using System.Text;
using Jooxter.Admin.Features.Places.Plans;

namespace Jooxter.Admin.Tests.Features.Places;

public sealed class SvgSanitizerTests
{
    private const string Open = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 1000 500">""";

    private static SvgSanitizeResult Clean(string svg) => SvgSanitizer.Sanitize(Encoding.UTF8.GetBytes(svg));

    private static string Text(SvgSanitizeResult result) => Encoding.UTF8.GetString(result.Svg!);

    public static TheoryData<string, string> Hostile() => new()
    {
        { "script element", Open + """<script>alert(1)</script><rect width="10" height="10"/></svg>""" },
        { "event handler", Open + """<rect width="10" height="10" onclick="alert(1)" onmouseover="alert(2)"/></svg>""" },
        { "handler on the root", """<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>""" },
        { "foreign object", Open + """<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example"/></body></foreignObject></svg>""" },
        { "javascript link", Open + """<a xlink:href="javascript:alert(1)"><rect width="10" height="10"/></a></svg>""" },
        { "external image", Open + """<image href="https://evil.example/track.png" width="10" height="10"/></svg>""" },
        { "external use", Open + """<use xlink:href="https://evil.example/sprite.svg#icon"/></svg>""" },
        { "style sheet import", Open + """<style>@import url(https://evil.example/x.css);</style><rect width="1" height="1"/></svg>""" },
        { "css url in attribute", Open + """<rect width="10" height="10" fill="url(https://evil.example/x#p)"/></svg>""" },
        { "css url in style", Open + """<rect width="10" height="10" style="fill: url('https://evil.example/x')"/></svg>""" },
        { "animation rewriting a link", Open + """<a><animate attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>""" },
        { "set element", Open + """<rect width="1" height="1"><set attributeName="onclick" to="alert(1)"/></rect></svg>""" },
        { "html in svg", Open + """<iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></svg>""" },
        { "data uri that is not an image", Open + """<image href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" width="1" height="1"/></svg>""" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_content_is_removed_and_the_drawing_kept(string name, string svg)
    {
        var result = Clean(svg);

        result.Problem.ShouldBeNull(name);
        result.Removed.ShouldBeGreaterThan(0, name);
        var text = Text(result);
        foreach (var forbidden in new[] { "script", "onclick", "onload", "onmouseover", "foreignObject", "javascript", "evil.example", "@import", "animate", "<set", "iframe", "text/html" })
        {
            text.ShouldNotContain(forbidden, Case.Insensitive, $"{name}: {forbidden}");
        }
    }

    [Fact]
    public void An_entity_declaration_is_refused_outright()
    {
        const string billionLaughs = """<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>""";
        const string externalEntity = """<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>""";

        Clean(billionLaughs).Problem.ShouldBe(SvgProblem.Doctype);
        Clean(externalEntity).Problem.ShouldBe(SvgProblem.Doctype);
    }

    [Fact]
    public void Deep_nesting_is_refused_and_css_escapes_are_dropped()
    {
        var deep = Open + string.Concat(Enumerable.Repeat("<g>", 5000)) + string.Concat(Enumerable.Repeat("</g>", 5000)) + "</svg>";
        Clean(deep).Problem.ShouldBe(SvgProblem.TooDeep);

        var escaped = Clean(Open + """<rect width="1" height="1" fill="u\72 l(https://evil.example/x)"/></svg>""");
        Text(escaped).ShouldNotContain("evil.example");
    }

    [Fact]
    public void Files_that_are_not_svg_are_refused()
    {
        Clean("not xml at all <").Problem.ShouldBe(SvgProblem.NotXml);
        Clean("""<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>""").Problem.ShouldBe(SvgProblem.NotSvg);
        SvgSanitizer.Sanitize(new byte[SvgSanitizer.MaxBytes + 1]).Problem.ShouldBe(SvgProblem.TooLarge);
    }

    [Fact]
    public void A_clean_plan_keeps_its_drawing_internal_references_and_size()
    {
        var result = Clean(Open + """<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect id="desk-1" x="10" y="20" width="30" height="15" fill="url(#g)"/><use xlink:href="#desk-1" x="50"/><text x="5" y="5">Étage 2</text></svg>""");

        result.Problem.ShouldBeNull();
        result.Removed.ShouldBe(0);
        (result.Width, result.Height).ShouldBe((1000, 500));
        var text = Text(result);
        text.ShouldContain("url(#g)");
        text.ShouldContain("#desk-1");
        text.ShouldContain("Étage 2");
    }
}
