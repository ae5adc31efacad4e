using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace AsyncRules.Tests.Infrastructure
{
    /// <summary>
    /// Reference assemblies for test compilations: the SDK's installed Microsoft.NETCore.App reference pack
    /// (its path is stamped into this assembly at build time), so tests never download anything.
    /// </summary>
    internal static class TestReferences
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> NetCoreApp = new(Load);

        /// <summary>A testing-library reference set with no package: the assemblies are added as <see cref="All"/>.</summary>
        public static ReferenceAssemblies None { get; } = new ReferenceAssemblies("net10.0");

        public static ImmutableArray<MetadataReference> All => NetCoreApp.Value;

        public static string RepositoryRoot => Metadata("RepositoryRoot");

        /// <summary>The repository URL the package declares (RepositoryUrl in Directory.Build.props), without a trailing slash.</summary>
        public static string RepositoryUrl => Metadata("RepositoryUrl");

        private static ImmutableArray<MetadataReference> Load()
        {
            var directory = Metadata("NetCoreAppRefDir");
            var files = Directory.GetFiles(directory, "*.dll");
            if (files.Length == 0)
            {
                throw new InvalidOperationException($"No reference assemblies in '{directory}'. Is the .NET SDK's Microsoft.NETCore.App.Ref pack installed?");
            }

            return files.OrderBy(f => f, StringComparer.Ordinal).Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
        }

        private static string Metadata(string key)
            => typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
               ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing; rebuild the test project.");
    }
}
