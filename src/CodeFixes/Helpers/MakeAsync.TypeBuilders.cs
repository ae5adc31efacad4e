using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncRules.CodeFixes.Helpers
{
    internal static partial class MakeAsync
    {
        /// <summary>The async iterator interface an iterator's return type maps to; "" when it is one already; null when none.</summary>
        private static string? AsyncIteratorInterface(ITypeSymbol returnType, Compilation compilation)
        {
            var name = returnType.OriginalDefinition.ToDisplayString();
            string? target = name switch
            {
                "System.Collections.Generic.IEnumerable<T>" => "System.Collections.Generic.IAsyncEnumerable",
                "System.Collections.Generic.IEnumerator<T>" => "System.Collections.Generic.IAsyncEnumerator",
                "System.Collections.Generic.IAsyncEnumerable<T>" or "System.Collections.Generic.IAsyncEnumerator<T>" => string.Empty,
                _ => null,
            };
            return target is { Length: > 0 } && compilation.FindType(target + "`1") is null ? null : target;
        }

        private static TypeSyntax TypeArgument(TypeSyntax returnTypeSyntax, ITypeSymbol returnType, SemanticModel semanticModel)
        {
            var generic = returnTypeSyntax switch
            {
                GenericNameSyntax g => g,
                QualifiedNameSyntax { Right: GenericNameSyntax g } => g,
                _ => null,
            };
            if (generic is { TypeArgumentList.Arguments.Count: 1 })
            {
                return generic.TypeArgumentList.Arguments[0].WithoutTrivia();
            }

            var argument = ((INamedTypeSymbol)returnType).TypeArguments[0];
            return SyntaxFactory.ParseTypeName(argument.ToMinimalDisplayString(semanticModel, returnTypeSyntax.SpanStart));
        }

        internal static TypeSyntax QualifiedTask(TypeSyntax? typeArgument)
            => typeArgument is null
                ? Annotate(SyntaxFactory.ParseTypeName("System.Threading.Tasks.Task"))
                : GenericType("System.Threading.Tasks.Task", typeArgument.WithoutTrivia());

        private static TypeSyntax GenericType(string qualifiedName, TypeSyntax typeArgument)
        {
            var lastDot = qualifiedName.LastIndexOf('.');
            var generic = SyntaxFactory.GenericName(
                SyntaxFactory.Identifier(qualifiedName.Substring(lastDot + 1)),
                SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(typeArgument)));
            return Annotate(SyntaxFactory.QualifiedName(SyntaxFactory.ParseName(qualifiedName.Substring(0, lastDot)), generic));
        }

        private static TypeSyntax Annotate(TypeSyntax type) => type.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }
}
