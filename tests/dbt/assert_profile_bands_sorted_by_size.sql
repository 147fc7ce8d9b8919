{#- fct_sample_profile orders organisation size bands as dim_postings.org_size_sort_key does (by
    employees), with the not-stated member last: every pair of a role's band members whose
    member_sort_key disagrees with that order. -#}

with profile_bands as (

    select
        role,
        member,
        member_sort_key
    from {{ ref('fct_sample_profile') }}
    where dimension = 'org_size_band'

),

band_keys as (

    select distinct
        role,
        org_size_band,
        org_size_sort_key
    from {{ ref('dim_postings') }}
    where org_size_band is not null

),

ordered as (

    select
        profile_bands.role,
        profile_bands.member,
        profile_bands.member_sort_key,
        coalesce(band_keys.org_size_sort_key, {{ open_band_upper_bound() }}) as size_order
    from profile_bands
    left join band_keys
        on
            profile_bands.role = band_keys.role
            and profile_bands.member = band_keys.org_size_band

),

final as (

    select
        earlier.role,
        earlier.member,
        earlier.member_sort_key,
        later.member as sorted_after_member,
        later.member_sort_key as later_member_sort_key
    from ordered as earlier
    inner join ordered as later
        on
            earlier.role = later.role
            and earlier.member_sort_key < later.member_sort_key
            and earlier.size_order > later.size_order

)

select * from final
