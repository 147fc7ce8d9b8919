{#- One row per distinct job title (cleaned) of the staged postings (the user's file and the shipped
    sample): its role family and its seniority, each from a seed of rules applied by one
    mechanism (seeds/taxonomy/_seeds.yml, role_title_rules): the title lower-cased with its white
    space collapsed; the first rule by rule_order whose pattern matches and whose unless_pattern
    (if any) does not. A title no role rule matches keeps its own role with its seniority words
    removed; a title no seniority rule matches is mid. The rules are regular expressions held in
    tables, so each match compiles its pattern: titles are matched once each, not each posting. -#}

{#- titles as the postings carry them after cleaning (macro cleaned_text: white space collapsed,
    a placeholder null), so the postings join their title here by equality -#}
with titles as (

    select {{ cleaned_text('title') }} as title from {{ ref('stg_user__postings') }}
    union
    select {{ cleaned_text('title') }} as title from {{ ref('stg_sample__postings') }}

),

role_rules as (

    select * from {{ ref('stg_taxonomy__role_title_rules') }}

),

seniority_rules as (

    select * from {{ ref('stg_taxonomy__seniority_title_rules') }}

),

seniority_levels as (

    select * from {{ ref('stg_taxonomy__seniority_levels') }}

),

normalized as (

    select
        title,
        {{ normalized_text('title') }} as title_text,
        nullif(trim({{ regex_replace_all(
            regex_replace_all(
                "title",
                string_literal("(?i)\\b(senior|sr\\.?|junior|jr\\.?|lead|principal|staff|iv|iii|ii|i)(\\W|$)"),
                "' '"
            ),
            string_literal("\\s+"),
            "' '"
        ) }}), '') as title_without_seniority
    from titles
    where title is not null

),

role_matches as (

    select
        normalized.title,
        role_rules.role,
        role_rules.rule_order,
        row_number() over (partition by normalized.title order by role_rules.rule_order) as rule_rank
    from normalized
    inner join role_rules
        on
            {{ regex_matches('normalized.title_text', 'role_rules.pattern') }}
            and not coalesce({{ regex_matches('normalized.title_text', 'role_rules.unless_pattern') }}, false)

),

seniority_matches as (

    select
        normalized.title,
        seniority_rules.seniority,
        seniority_rules.rule_order,
        row_number() over (partition by normalized.title order by seniority_rules.rule_order) as rule_rank
    from normalized
    inner join seniority_rules
        on
            {{ regex_matches('normalized.title_text', 'seniority_rules.pattern') }}
            and not coalesce({{ regex_matches('normalized.title_text', 'seniority_rules.unless_pattern') }}, false)

),

final as (

    select
        normalized.title,
        coalesce(role_matches.role, normalized.title_without_seniority) as role,
        coalesce(seniority_matches.seniority, 'mid') as seniority,
        role_matches.rule_order as role_rule_order,
        seniority_matches.rule_order as seniority_rule_order,
        seniority_levels.seniority_order,
        role_matches.role is not null as is_role_from_rule
    from normalized
    left join role_matches
        on
            normalized.title = role_matches.title
            and role_matches.rule_rank = 1
    left join seniority_matches
        on
            normalized.title = seniority_matches.title
            and seniority_matches.rule_rank = 1
    left join seniority_levels
        on coalesce(seniority_matches.seniority, 'mid') = seniority_levels.seniority

)

select * from final
