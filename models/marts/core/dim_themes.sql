with themes as (

    select * from {{ ref('stg_taxonomy__themes') }}

),

final as (

    select
        theme_id,
        theme_name,
        representative_responsibilities
    from themes

    {%- if is_user_mode() %}
        where false  {#- the user's postings are measured against skills only -#}
    {%- endif %}
)

select * from final
