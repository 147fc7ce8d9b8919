{#- One row per distinct location text of the postings (int_postings_unioned): the work
    arrangement it names and the city, state or region and country parsed from it, by the rules
    of docs/postings.md ("Location"), with the US states and the countries from the reference
    seeds. The forms: "Austin, TX", "New York, NY 10001", "Virginia", "London, England, United
    Kingdom", "Dublin, Ireland", "United States", "Remote", "Hybrid - Boston", "Boston, MA (Hybrid)". -#}

{%- set arrangement_words = "(?i)\\(?\\b(?:fully |100% )?"
    ~ "(?:remote|hybrid|on-?site|in[- ]office|work from home|wfh)\\b\\)?" %}
{%- set separators = string_literal("^[\\s,;:/|()–—-]+|[\\s,;:/|()–—-]+$") %}

with locations as (

    select distinct location_text
    from {{ ref('int_postings_unioned') }}
    where location_text is not null

),

states as (

    select * from {{ ref('stg_reference__us_states') }}

),

countries as (

    select * from {{ ref('stg_reference__countries') }}

),

country_names as (

    {# every name a country goes by, lower-cased: its own and its aliases #}
    select
        lower(country_name) as name_key,
        country_code
    from countries
    union
    select
        lower(aliases.alias) as name_key,
        aliases.country_code
    from {{ ref('stg_reference__country_aliases') }} as aliases

),

cleaned as (

    select
        location_text,
        {{ cleaned_text('location_text') }} as cleaned_location
    from locations

),

arranged as (

    select
        location_text,
        case
            when {{ regex_matches('lower(cleaned_location)', string_literal("\\b(remote|work from home|wfh)\\b")) }}
                then 'remote'
            when {{ regex_matches('lower(cleaned_location)', string_literal("\\bhybrid\\b")) }}
                then 'hybrid'
            when {{ regex_matches('lower(cleaned_location)', string_literal("\\b(on-?site|in[- ]office)\\b")) }}
                then 'on-site'
        end as work_arrangement,
        {# the place: the arrangement words, a trailing US ZIP code and the separators left at
            either end removed #}
        nullif(trim({{ regex_replace_all(
            regex_replace_all(
                regex_replace_all('cleaned_location', string_literal(arrangement_words), "''"),
                string_literal("\\s+[0-9]{5}(-[0-9]{4})?\\s*$"), "''"
            ),
            separators, "''"
        ) }}), '') as place
    from cleaned

),

split as (

    select
        location_text,
        work_arrangement,
        place,
        1 + length(place) - length(replace(place, ',', '')) as part_count,
        nullif(trim({{ regex_extract_group('place', "'^([^,]*)'") }}), '') as first_part,
        nullif(trim({{ regex_extract_group('place', "'([^,]*),[^,]*$'") }}), '') as second_to_last_part,
        nullif(trim({{ regex_extract_group('place', "'([^,]*)$'") }}), '') as last_part
    from arranged

),

matched as (

    {# the last part as a US state (its code or name) or a country (its name or an alias); the
        part before it as a US state #}
    select
        split.*,
        coalesce(last_by_code.state_code, last_by_name.state_code) as last_state_code,
        last_country.country_code as last_country_code,
        coalesce(before_by_code.state_code, before_by_name.state_code) as before_last_state_code
    from split
    left join states as last_by_code
        on
            length(split.last_part) = 2
            and upper(split.last_part) = last_by_code.state_code
    left join states as last_by_name
        on lower(split.last_part) = lower(last_by_name.state_name)
    left join country_names as last_country
        on lower(split.last_part) = last_country.name_key
    left join states as before_by_code
        on
            length(split.second_to_last_part) = 2
            and upper(split.second_to_last_part) = before_by_code.state_code
    left join states as before_by_name
        on lower(split.second_to_last_part) = lower(before_by_name.state_name)

),

resolved as (

    select
        location_text,
        work_arrangement,
        case
            {# "Austin, TX", "Virginia": a US state last #}
            when last_state_code is not null then last_state_code
            {# "Austin, TX, United States", "Texas, USA" #}
            when last_country_code = 'US' and part_count >= 2 then before_last_state_code
        end as state_code,
        case
            when last_state_code is not null then 'US'
            else last_country_code
        end as country_code,
        case
            {# "London, England, United Kingdom": the part before a country is its region #}
            when last_state_code is null and last_country_code is not null and part_count >= 3
                and before_last_state_code is null then second_to_last_part
            {# "Toronto, ON": a last part that is neither a US state nor a country #}
            when last_state_code is null and last_country_code is null and part_count >= 2 then last_part
        end as region_as_written,
        case
            {# the first part is the city unless it is the state or the country itself #}
            when part_count = 1 and last_state_code is null and last_country_code is null then first_part
            when part_count = 2 and last_country_code = 'US' and before_last_state_code is not null then null
            when part_count >= 2 then first_part
        end as city
    from matched

),

final as (

    select
        resolved.location_text,
        resolved.city,
        coalesce(states.state_name, resolved.region_as_written) as state_or_region,
        resolved.state_code,
        countries.country_name as country,
        resolved.country_code,
        resolved.work_arrangement
    from resolved
    left join states
        on resolved.state_code = states.state_code
    left join countries
        on resolved.country_code = countries.country_code

)

select * from final
