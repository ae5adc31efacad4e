using Microsoft.CodeAnalysis;

namespace AsyncRules.Analyzers
{
    /// <summary>
    /// The one place descriptors are made (the raw constructor is banned in BannedSymbols.txt), so that every
    /// rule gets its help link, tags and enabled-by-default the same way.
    /// </summary>
    internal static class RuleDescriptors
    {
        /// <summary>
        /// Where the per-rule pages live; <c>{0}</c> is the rule ID. Built from the repository the package declares
        /// (<see cref="RepositoryInfo.Url"/>, generated from RepositoryUrl in Directory.Build.props).
        /// </summary>
        public const string HelpLinkFormat = RepositoryInfo.Url + "/blob/main/docs/rules/{0}.md";

        public static string HelpLink(string id) => string.Format(System.Globalization.CultureInfo.InvariantCulture, HelpLinkFormat, id);

        public static DiagnosticDescriptor Create(
            string id,
            string title,
            string messageFormat,
            string category,
            DiagnosticSeverity defaultSeverity,
            string description)
        {
#pragma warning disable RS0030 // The one sanctioned use of the constructor.
            return new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                category,
                defaultSeverity,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: HelpLink(id),
                customTags: WellKnownDiagnosticTags.Telemetry);
#pragma warning restore RS0030
        }
    }
}
