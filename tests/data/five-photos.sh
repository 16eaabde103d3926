# five-photos.sh - sourced by CLI cases: the five captions of product.md as
# real JPEGs in ./p (IPTC captions for some, XMP for others, GPS for one),
# an uncaptioned photo whose GPS is in Tehran, and one with no credit.
B="$DATA/corpus/Writer.jpg"
mkdir -p p
$MKPHOTO "$B" p/1-rashid.jpg --date "2024:09:11 12:00:00" --iptc-caption "This handout photograph released by the Iraqi President's Office shows Iraq's President Abdul Latif Rashid, right, welcoming his counterpart from Iran Masoud Pezeshkian in Baghdad on September 11, 2024. (Iraqi Presidency Media Office / AFP)"
$MKPHOTO "$B" p/2-sudani.jpg --date "2024:09:11 13:30:00" --gps 33.3152,44.3661 --xmp-caption "Iraq's Prime Minister Mohamed Shia al-Sudani (L) walks with Iran's President Masoud Pezeshkian in Baghdad on September 11, 2024 (Murtada AL-SUDANI / POOL / AFP)"
$MKPHOTO "$B" p/3-erbil.jpg --date "2022:03:13 08:00:00" --iptc-caption "A damaged building after an overnight attack in Erbil, the capital of the northern Iraqi Kurdish autonomous region, March 13, 2022. (Photo by SAFIN HAMED / AFP)"
$MKPHOTO "$B" p/4-sinwar.jpg --date "2024:08:12 17:00:00" --xmp-caption "People walk past a billboard showing a portrait of newly appointed Hamas leader Yahya Sinwar (top) next to Palestine Square in Tehran on August 12, 2024. (Atta Kenare/AFP)"
$MKPHOTO "$B" p/5-funeral.jpg --date "2024:02:08 11:00:00" --iptc-caption "FILE – Fighters from the Popular Mobilization Forces attend the funeral of a commander from the Kataib Hezbollah paramilitary group killed in a US airstrike, in Baghdad, Iraq on February 8, 2024. (AP Photo/Hadi Mizban, File)"
$MKPHOTO "$B" p/6-tehran-gps.jpg --date "2023:05:01 09:00:00" --gps 35.7000,51.4000
