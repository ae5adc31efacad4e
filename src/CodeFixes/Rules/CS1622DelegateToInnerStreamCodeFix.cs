using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// An iterator that tries to hand over to another stream, as Python's <c>yield from</c> does: <c>return Other();</c> (CS1622,
    /// cannot return a value from an iterator) or <c>yield return Other();</c> where an element is expected (CS0029, or CS0266
    /// when an explicit conversion exists). The iterator yields every item itself:
    /// <c>await foreach (var item in Other()) { yield return item; }</c> (<c>foreach</c> when the inner stream is a sync
    /// sequence), with <c>.WithCancellation(token)</c> when a token is in scope and the inner stream has none yet, then
    /// <c>yield break;</c> where the <c>return</c> ended the method. Offered only for that shape: the statement is the
    /// iterator's own <c>return</c> or <c>yield return</c>, the value is a stream whose items convert to the iterator's element
    /// type, an async stream only inside an async iterator, and a <c>yield return</c> may stand there (not in a <c>try</c> with a
    /// <c>catch</c>, a <c>catch</c> or a <c>finally</c>; no <c>await foreach</c> in a <c>lock</c>). A CS0029 anywhere else gets nothing.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CS1622DelegateToInnerStreamCodeFix))]
    public sealed class CS1622DelegateToInnerStreamCodeFix : DocumentFixProvider
    {
        private const string ReturnInIterator = "CS1622";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(ReturnInIterator, "CS0029", "CS0266");

        protected override string EquivalenceKey => "AsyncRules.CS1622";

        protected override string? GetTitle(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
            => Plan(diagnostic, node, semanticModel, cancellationToken)?.Title;

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (Plan(diagnostic, node, semanticModel, cancellationToken) is not { } plan)
            {
                return;
            }

            // Explicit line ends between the new statements: with elastic ones the formatter would add blank lines.
            var statement = plan.Statement;
            var trailing = statement.GetTrailingTrivia();
            var loop = plan.Loop.WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(trailing);
            if (!plan.EndsTheMethod)
            {
                editor.ReplaceNode(statement, loop);
                return;
            }

            var leading = statement.GetLeadingTrivia();
            var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(leading[leading.Count - 1]) : default;
            var yieldBreak = SyntaxFactory.YieldStatement(SyntaxKind.YieldBreakStatement)
                .WithLeadingTrivia(indentation)
                .WithTrailingTrivia(trailing)
                .WithAdditionalAnnotations(Formatter.Annotation);
            if (statement.Parent is BlockSyntax or SwitchSectionSyntax)
            {
                editor.InsertAfter(statement, yieldBreak);
                editor.ReplaceNode(statement, loop);
            }
            else
            {
                editor.ReplaceNode(statement, SyntaxFactory.Block(loop.WithLeadingTrivia(indentation), yieldBreak)
                    .WithLeadingTrivia(leading)
                    .WithTrailingTrivia(trailing)
                    .WithAdditionalAnnotations(Formatter.Annotation));
            }
        }

        private sealed class FixPlan
        {
            public FixPlan(StatementSyntax statement, StatementSyntax loop, bool endsTheMethod, string title)
            {
                Statement = statement;
                Loop = loop;
                EndsTheMethod = endsTheMethod;
                Title = title;
            }

            /// <summary>The <c>return</c> or <c>yield return</c> that hands over.</summary>
            public StatementSyntax Statement { get; }

            /// <summary>The loop that yields each item in its place.</summary>
            public StatementSyntax Loop { get; }

            /// <summary>A <c>return</c> that is not the body's last statement: <c>yield break;</c> follows the loop.</summary>
            public bool EndsTheMethod { get; }

            public string Title { get; }
        }

        private static FixPlan? Plan(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var symbols = KnownSymbols.For(semanticModel.Compilation);
            if (symbols is null)
            {
                return null;
            }

            StatementSyntax statement;
            ExpressionSyntax inner;
            if (diagnostic.Id == ReturnInIterator)
            {
                if (node.FirstAncestorOrSelf<ReturnStatementSyntax>() is not { Expression: { } returned } returnStatement)
                {
                    return null;
                }

                statement = returnStatement;
                inner = returned;
            }
            else
            {
                // The conversion error must be on the whole operand of a `yield return`, nowhere else.
                if (node.FirstAncestorOrSelf<YieldStatementSyntax>() is not { Expression: { } yielded } yieldStatement
                    || !yieldStatement.IsKind(SyntaxKind.YieldReturnStatement)
                    || yielded.Span != diagnostic.Location.SourceSpan)
                {
                    return null;
                }

                statement = yieldStatement;
                inner = yielded;
            }

            if (Iterator(statement) is not { } function
                || semanticModel.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol method
                || IteratorElement(method.ReturnType, symbols) is not { } iterator
                || (iterator.IsAsync && !method.IsAsync)
                || !CanYieldAt(statement)
                || semanticModel.GetTypeInfo(inner, cancellationToken).Type is not { } innerType)
            {
                return null;
            }

            var innerIsAsync = iterator.IsAsync && symbols.IsAsyncStream(innerType);
            var innerElement = innerIsAsync ? AsyncStreamElement(innerType, symbols) : SequenceElement(innerType, semanticModel.Compilation);
            if (innerElement is null
                || !semanticModel.Compilation.ClassifyConversion(innerElement, iterator.Element).IsImplicit
                || (innerIsAsync && !AwaitPlacement.CanAwaitAt(statement, semanticModel, cancellationToken)))
            {
                return null;
            }

            var collection = inner.WithoutTrivia();
            if (innerIsAsync && WithToken(inner, statement, semanticModel, symbols, cancellationToken) is { } withToken)
            {
                collection = withToken;
            }

            var name = FreshName("item", statement, semanticModel);
            var loop = SyntaxFactory.ForEachStatement(
                    SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.Identifier(name),
                    collection,
                    SyntaxFactory.Block(SyntaxFactory.YieldStatement(SyntaxKind.YieldReturnStatement, SyntaxFactory.IdentifierName(name))));
            if (innerIsAsync)
            {
                loop = loop.WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword));
            }

            var endsTheMethod = statement is ReturnStatementSyntax && !IsLastStatementOfBody(statement, function);
            var keyword = innerIsAsync ? "await foreach" : "foreach";
            return new FixPlan(statement, loop.WithAdditionalAnnotations(Formatter.Annotation), endsTheMethod, $"Yield each item of the inner stream ('{keyword}')");
        }

        /// <summary>The method, local function or accessor whose body the statement is in; null inside a lambda (never an iterator).</summary>
        private static SyntaxNode? Iterator(SyntaxNode statement)
        {
            foreach (var ancestor in statement.Ancestors())
            {
                switch (ancestor)
                {
                    case AnonymousFunctionExpressionSyntax:
                        return null;
                    case BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax:
                        return ancestor;
                }
            }

            return null;
        }

        /// <summary>The element type of an iterator's return type and whether it is an async iterator; null for other types.</summary>
        private static (ITypeSymbol Element, bool IsAsync)? IteratorElement(ITypeSymbol returnType, KnownSymbols symbols)
        {
            if (returnType is not INamedTypeSymbol named)
            {
                return null;
            }

            switch (named.OriginalDefinition.SpecialType)
            {
                case SpecialType.System_Collections_Generic_IEnumerable_T or SpecialType.System_Collections_Generic_IEnumerator_T:
                    return (named.TypeArguments[0], false);
                case SpecialType.System_Collections_IEnumerable or SpecialType.System_Collections_IEnumerator:
                    return (symbols.Compilation.GetSpecialType(SpecialType.System_Object), false);
            }

            return SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.IAsyncEnumerableOfT)
                || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.IAsyncEnumeratorOfT)
                    ? (named.TypeArguments[0], true)
                    : null;
        }

        /// <summary>The item type of an async stream (<c>IAsyncEnumerable&lt;T&gt;</c>, a type implementing it once, or its configured form).</summary>
        private static ITypeSymbol? AsyncStreamElement(ITypeSymbol type, KnownSymbols symbols)
        {
            if (type is INamedTypeSymbol { TypeArguments.Length: 1 } named
                && (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.IAsyncEnumerableOfT)
                    || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.ConfiguredCancelableAsyncEnumerableOfT)))
            {
                return named.TypeArguments[0];
            }

            var implemented = type.AllInterfaces.Where(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, symbols.IAsyncEnumerableOfT)).ToList();
            return implemented.Count == 1 ? implemented[0].TypeArguments[0] : null;
        }

        /// <summary>The item type of a sync sequence: <c>T</c> of the one <c>IEnumerable&lt;T&gt;</c> it is or implements, <c>object</c> for a plain <c>IEnumerable</c>.</summary>
        private static ITypeSymbol? SequenceElement(ITypeSymbol type, Compilation compilation)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } named)
            {
                return named.TypeArguments[0];
            }

            var implemented = type.AllInterfaces.Where(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T).ToList();
            if (implemented.Count > 0)
            {
                return implemented.Count == 1 ? implemented[0].TypeArguments[0] : null;
            }

            return type.SpecialType == SpecialType.System_Collections_IEnumerable || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable)
                ? compilation.GetSpecialType(SpecialType.System_Object)
                : null;
        }

        /// <summary>
        /// <c>inner.WithCancellation(token)</c> when a token is in scope (the one ASYNC021 would ask for) and the stream has none yet
        /// (neither an argument of the producing call nor a <c>WithCancellation</c>); null otherwise or when it would not bind.
        /// </summary>
        private static ExpressionSyntax? WithToken(ExpressionSyntax inner, StatementSyntax statement, SemanticModel semanticModel, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (semanticModel.GetOperation(inner, cancellationToken) is not { } operation)
            {
                return null;
            }

            var producer = AsyncStreams.Producer(operation, symbols, out var withCancellation);
            if (withCancellation || (producer is Microsoft.CodeAnalysis.Operations.IInvocationOperation call && AsyncStreams.PassesToken(call, symbols))
                || CancellationTokens.FindInScope(semanticModel, statement.SpanStart, symbols, cancellationToken) is not { } token)
            {
                return null;
            }

            var withToken = AsyncSyntax.InvokeMember(
                inner.WithoutTrivia(),
                "WithCancellation",
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(AsyncSyntax.NameOf(token)))));
            return semanticModel.GetSpeculativeSymbolInfo(inner.SpanStart, withToken, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol { Name: "WithCancellation" } bound
                && symbols.IsAsyncStream(bound.ReturnType)
                    ? withToken
                    : null;
        }

        /// <summary>
        /// A <c>yield return</c> can stand where the statement is: not in a <c>catch</c> or <c>finally</c> (CS1631, CS1625), nor in the
        /// <c>try</c> block of a <c>try</c> with a <c>catch</c> (CS1626).
        /// </summary>
        private static bool CanYieldAt(SyntaxNode statement)
        {
            SyntaxNode child = statement;
            for (var current = statement.Parent; current is not null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case CatchClauseSyntax or FinallyClauseSyntax:
                        return false;
                    case TryStatementSyntax tryStatement when tryStatement.Block == child && tryStatement.Catches.Count > 0:
                        return false;
                    case BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or AnonymousFunctionExpressionSyntax:
                        return true;
                }
            }

            return true;
        }

        private static bool IsLastStatementOfBody(StatementSyntax statement, SyntaxNode function)
        {
            var body = function switch
            {
                BaseMethodDeclarationSyntax method => method.Body,
                LocalFunctionStatementSyntax local => local.Body,
                AccessorDeclarationSyntax accessor => accessor.Body,
                _ => null,
            };
            return body is not null && statement.Parent == body && body.Statements.LastOrDefault() == statement;
        }

        /// <summary>
        /// <paramref name="stem"/>, or <c>stem2</c>, <c>stem3</c>...: a name no local, parameter, range variable or local function in
        /// scope at <paramref name="position"/> has (C# forbids a nested local of the same name, CS0136). Loops written by
        /// the fix in sibling statements may share a name, so fixing one by one and Fix All agree.
        /// </summary>
        private static string FreshName(string stem, SyntaxNode position, SemanticModel semanticModel)
        {
            var taken = new HashSet<string>();
            foreach (var symbol in semanticModel.LookupSymbols(position.SpanStart))
            {
                if (symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol or IMethodSymbol { MethodKind: MethodKind.LocalFunction })
                {
                    taken.Add(symbol.Name);
                }
            }

            var name = stem;
            for (var i = 2; taken.Contains(name); i++)
            {
                name = stem + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return name;
        }
    }
}
