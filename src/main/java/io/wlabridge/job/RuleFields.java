package io.wlabridge.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.camel.CamelContext;
import org.apache.camel.language.simple.SimplePredicateParser;
import org.apache.camel.language.simple.ast.BinaryExpression;
import org.apache.camel.language.simple.ast.ChainExpression;
import org.apache.camel.language.simple.ast.CompositeNodes;
import org.apache.camel.language.simple.ast.DoubleQuoteStart;
import org.apache.camel.language.simple.ast.LiteralExpression;
import org.apache.camel.language.simple.ast.LogicalExpression;
import org.apache.camel.language.simple.ast.OtherExpression;
import org.apache.camel.language.simple.ast.SimpleFunctionStart;
import org.apache.camel.language.simple.ast.SimpleNode;
import org.apache.camel.language.simple.ast.SingleQuoteStart;
import org.apache.camel.language.simple.ast.TernaryExpression;
import org.apache.camel.language.simple.ast.UnaryExpression;
import org.apache.commons.text.similarity.LevenshteinDistance;

import io.wlabridge.config.ConfigException;

/**
 * The fields a rule reads ({@code ${body[name]}}), found in the syntax tree of Camel's own simple parser, and the check
 * that each is a field of the job's record: a misspelt name reads as null, so {@code ${body[ttDateTommorow]} != ...}
 * would be true for every row and send all of them (docs/jobs.md "The rule").
 */
public final class RuleFields {

    private RuleFields() {
    }

    /**
     * Fails with one line (the unknown name, the closest field, every field) when the rule reads a field that
     * {@code schema} does not have, or names a field by an expression instead of literally.
     */
    public static void check(CamelContext context, String rule, Schema schema) {
        List<String> known = schema.getFields().stream().map(Schema.Field::name).toList();
        for (String name : read(context, rule)) {
            if (name.contains("${")) {
                throw new ConfigException("parameter 'rule' names a field by an expression (body[" + name
                        + "]); name each field the rule reads, one of " + known);
            }
            if (!known.contains(name)) {
                String closest = closest(name, known);
                throw new ConfigException("parameter 'rule' reads field '" + name + "', which schema "
                        + schema.getName() + " does not have" + (closest == null ? "" : " (did you mean " + closest + "?)")
                        + "; its fields are " + known);
            }
        }
    }

    /** The names the rule reads as {@code body[name]}, in order, each once; the rule must parse. */
    public static Set<String> read(CamelContext context, String rule) {
        Set<String> names = new LinkedHashSet<>();
        for (SimpleNode node : new SimplePredicateParser(context, rule, true, new HashMap<>()).parseTokens()) {
            visit(context, node, names);
        }
        return names;
    }

    private static void visit(CamelContext context, SimpleNode node, Set<String> names) {
        if (node instanceof SimpleFunctionStart function) {
            function(function.getBlock().toString(), names);
        }
        for (SimpleNode child : children(node)) {
            visit(context, child, names);
        }
        if (node instanceof DoubleQuoteStart quoted) {
            // Camel keeps a double-quoted text's nodes to itself; its text, quotes off, parsed again holds the same
            String text = quoted.toString();
            String inner = text.length() >= 2 ? text.substring(1, text.length() - 1) : "";
            if (inner.contains("${")) {
                if (inner.contains("'")) {
                    // simple has no escape for ' inside '...': such a text cannot be re-read, so it is not allowed
                    throw new ConfigException("parameter 'rule': the text " + text + " holds both ' and ${...}, which"
                            + " cannot be checked; write it in single quotes or without the '");
                }
                names.addAll(read(context, "'" + inner + "'"));
            }
        }
    }

    private static List<SimpleNode> children(SimpleNode node) {
        List<SimpleNode> children = new ArrayList<>();
        if (node instanceof BinaryExpression e) {
            children.add(e.getLeft());
            children.add(e.getRight());
        } else if (node instanceof LogicalExpression e) {
            children.add(e.getLeft());
            children.add(e.getRight());
        } else if (node instanceof OtherExpression e) {
            children.add(e.getLeft());
            children.add(e.getRight());
        } else if (node instanceof UnaryExpression e) {
            children.add(e.getLeft());
        } else if (node instanceof ChainExpression e) {
            children.add(e.getLeft());
            children.addAll(e.getRight());
        } else if (node instanceof TernaryExpression e) {
            children.add(e.getCondition());
            children.add(e.getTrueValue());
            children.add(e.getFalseValue());
        } else if (node instanceof SimpleFunctionStart e) {
            children.add(e.getBlock());
        } else if (node instanceof SingleQuoteStart e) {
            children.add(e.getBlock());
        } else if (node instanceof CompositeNodes e) {
            children.addAll(e.getChildren());
        }
        children.removeIf(c -> c == null || c instanceof LiteralExpression);
        return children;
    }

    /** The key of a function's text {@code body[name]...} or {@code body?[name]...} ('name' or "name" too). */
    private static void function(String text, Set<String> names) {
        String t = text.trim();
        int open = t.startsWith("body[") ? 4 : t.startsWith("body?[") ? 5 : -1;
        if (open < 0) {
            return;
        }
        int close = t.indexOf(']', open);
        if (t.indexOf("${", open) >= 0 && (close < 0 || t.indexOf("${", open) < close)) {
            close = t.lastIndexOf(']');
        }
        String name = (close < 0 ? t.substring(open + 1) : t.substring(open + 1, close)).trim();
        if (name.length() >= 2 && (name.charAt(0) == '\'' || name.charAt(0) == '"')
                && name.charAt(name.length() - 1) == name.charAt(0)) {
            name = name.substring(1, name.length() - 1);
        }
        names.add(name);
    }

    /** The known name nearest to {@code name} (edit distance, case ignored), or null when none is near. */
    static String closest(String name, List<String> known) {
        LevenshteinDistance distance = new LevenshteinDistance(Math.max(2, name.length() / 3));
        return known.stream()
                .filter(k -> distance.apply(k.toLowerCase(), name.toLowerCase()) >= 0)
                .min(Comparator.comparingInt(k -> distance.apply(k.toLowerCase(), name.toLowerCase())))
                .orElse(null);
    }
}
